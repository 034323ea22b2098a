package io.telemetryagent.instrument;

import io.telemetryagent.bootstrap.Hook;
import io.telemetryagent.log.AgentLog;
import io.telemetryagent.trace.AgentThread;

/**
 * Base of every instrumentation's hook: the wall between the host and the agent. Nothing thrown
 * by the tracing code reaches the host, and the agent's own threads are never traced.
 */
public abstract class AgentHook implements Hook {

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
            failed(t);
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
            failed(t);
        }
    }

    private void failed(Throwable t) {
        if (AgentLog.debugEnabled()) {
            AgentLog.debug("tracing of " + library + " failed, the host is unaffected: " + t);
        }
    }
}
