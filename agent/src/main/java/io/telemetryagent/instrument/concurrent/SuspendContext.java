package io.telemetryagent.instrument.concurrent;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;

/**
 * A pool creates a worker thread, typically while a request submits work: for that moment there
 * is no current span, so the thread it starts carries none (see {@link CaptureThreadStart}); the
 * worker will run many requests' tasks, each in its own context. The span comes back after.
 */
public final class SuspendContext extends AgentHook {

    public SuspendContext() {
        super("context hand-off");
    }

    @Override
    protected Object onEnter(Object pool, Object unused0, Object unused1) {
        Span current = Tracer.current();
        if (current == null) {
            return null;
        }
        Tracer.makeCurrent(null);
        return current;
    }

    @Override
    protected void onExit(Object token, Object pool, Object result, Throwable thrown) {
        Tracer.makeCurrent((Span) token);
    }
}
