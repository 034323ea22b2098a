package io.telemetryagent.instrument;

import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;

/**
 * The pending context of async calls: the context current where the app made each call, kept by
 * the call object until the client runs it on another thread. Weak and bounded, so a call the app
 * dropped unrun leaves nothing behind.
 */
public final class CallerContexts {

    private final WeakIdentityTable<Span> contexts = new WeakIdentityTable<>(65_536);

    /** Notes the current context for {@code call}, when there is one. */
    public void capture(Object call) {
        Span context = Tracer.current();
        if (context != null) {
            contexts.put(call, context);
        }
    }

    /** The context {@code call} was made under, and forgets it; null when none was noted. */
    public Span take(Object call) {
        return contexts.remove(call);
    }

    /** The hook that captures: woven where the app hands a call over to run later ({@code enqueue}). */
    public static final class Capture extends AgentHook {
        private final CallerContexts contexts;

        public Capture(String library, CallerContexts contexts) {
            super(library);
            this.contexts = contexts;
        }

        @Override
        protected Object onEnter(Object call, Object unused, Object unused2) {
            contexts.capture(call);
            return null;
        }

        @Override
        protected void onExit(Object token, Object self, Object result, Throwable thrown) {
        }
    }
}
