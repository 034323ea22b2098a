package io.telemetryagent.instrument;

import io.telemetryagent.bootstrap.Hook;
import io.telemetryagent.log.AgentLog;
import io.telemetryagent.trace.AgentThread;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Base of every instrumentation's hook: the wall between the host and the agent. Nothing thrown
 * by the tracing code reaches the host, and the agent's own threads are never traced.
 */
public abstract class AgentHook implements Hook {

    /** Kinds of failure already warned about: library and exception type (bounded by the code's own variety). */
    private static final ConcurrentHashMap<String, Boolean> SEEN = new ConcurrentHashMap<>();

    private final String library;

    protected AgentHook(String library) {
        this.library = library;
    }

    /** Returns the token for {@link #onExit}, or null when nothing was started. */
    protected abstract Object onEnter(Object self, Object arg0, Object arg1);

    protected abstract void onExit(Object token, Object self, Object result, Throwable thrown);

    @Override
    public final Object enter(Object self, Object arg0, Object arg1) {
        try {
            return AgentThread.isCurrent() ? null : onEnter(self, arg0, arg1);
        } catch (Throwable t) {
            failed(library, t);
            return null;
        }
    }

    @Override
    public final void exit(Object token, Object self, Object result, Throwable thrown) {
        if (token == null) {
            return;
        }
        try {
            onExit(token, self, result, thrown);
        } catch (Throwable t) {
            failed(library, t);
        }
    }

    /**
     * Says that tracing of {@code library} failed with {@code t}: the first failure of each kind
     * at WARN, the rest at DEBUG. For tracing code that runs outside a hook (a completion callback).
     */
    public static void failed(String library, Throwable t) {
        // The first failure of each kind is a warning (a bug of ours or an unknown library
        // version, worth a report); repeats only at DEBUG, so a hot path cannot flood the log.
        String kind = library + ": " + t.getClass().getName();
        if (SEEN.putIfAbsent(kind, Boolean.TRUE) == null) {
            AgentLog.warn("tracing of " + library + " failed, the host is unaffected (further failures of this kind"
                    + " at debug level): " + t);
        } else if (AgentLog.debugEnabled()) {
            AgentLog.debug("tracing of " + library + " failed, the host is unaffected: " + t);
        }
    }
}
