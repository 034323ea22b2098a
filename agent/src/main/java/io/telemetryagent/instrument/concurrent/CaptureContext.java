package io.telemetryagent.instrument.concurrent;

import io.telemetryagent.instrument.AgentHook;
import java.util.concurrent.RunnableScheduledFuture;

/**
 * Work is handed off ({@code self}: the task, as the pool will later run it): records the current
 * span for it. Scheduled pools pass {@code skipPeriodic}: a periodic job is work of its own,
 * outside any request, and its later runs must not join the trace of the request that scheduled
 * it (each of its calls then starts a trace of its own).
 */
public final class CaptureContext extends AgentHook {

    private final boolean skipPeriodic;
    private final boolean needsExecutor;

    /**
     * @param skipPeriodic a periodic scheduled task is not captured
     * @param needsExecutor {@code arg0} is the task's executor, and a task with none is not captured
     */
    public CaptureContext(boolean skipPeriodic, boolean needsExecutor) {
        super("context hand-off");
        this.skipPeriodic = skipPeriodic;
        this.needsExecutor = needsExecutor;
    }

    @Override
    protected Object onEnter(Object task, Object executor, Object unused) {
        if (needsExecutor && executor == null) {
            return null;
        }
        if (skipPeriodic && task instanceof RunnableScheduledFuture && ((RunnableScheduledFuture<?>) task).isPeriodic()) {
            return null;
        }
        TaskContexts.capture(task);
        return null;
    }

    @Override
    protected void onExit(Object token, Object self, Object result, Throwable thrown) {
    }
}
