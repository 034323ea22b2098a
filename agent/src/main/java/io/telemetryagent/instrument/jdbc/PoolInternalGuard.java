package io.telemetryagent.instrument.jdbc;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;

/**
 * While HikariCP checks a connection it hands out (its test query or {@code isValid}, on the
 * request's thread when the connection sat idle), opens one or resets one given back, the
 * statements the driver runs are the pool's, not the app's: they record nothing. On Hikari's
 * own housekeeping threads no request is current, so nothing records there anyway.
 */
public final class PoolInternalGuard extends AgentHook {

    /** The mark a thread carries while the pool works on it. */
    private static final Object POOL = new Object();

    public PoolInternalGuard() {
        super("HikariCP");
    }

    @Override
    protected Object onEnter(Object pool, Object unused, Object unused2) {
        Tracer.PerThread thread = Tracer.perThread();
        Span current = thread.current();
        if (current == null || !current.sampled()) {
            return null;
        }
        JdbcTracing.InProgress inProgress = JdbcTracing.IN_PROGRESS.of(thread);
        if (inProgress.call != null) {
            return null;
        }
        inProgress.call = POOL;
        return POOL;
    }

    @Override
    protected void onExit(Object token, Object pool, Object result, Throwable thrown) {
        JdbcTracing.IN_PROGRESS.current().call = null;
    }
}
