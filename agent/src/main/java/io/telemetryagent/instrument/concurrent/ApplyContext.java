package io.telemetryagent.instrument.concurrent;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;

/**
 * A handed-off task starts ({@code self}: the task): its captured span becomes current, and when
 * it ends, whatever was current before comes back (the exit runs on every path, thrown included).
 *
 * <p>{@code strict} is for a pool worker's top level, where every task is separate work: a task
 * with no captured context runs with none, whatever the thread carried. Elsewhere (a fork-join
 * task run by the thread that forked or joins it, a completion run by an executor that already
 * applied its context) a task without a captured context simply runs in the current one.
 */
public final class ApplyContext extends AgentHook {

    /** Token for "nothing was current before". */
    private static final Object NO_PREVIOUS = new Object();

    private final boolean strict;

    public ApplyContext(boolean strict) {
        super("context hand-off");
        this.strict = strict;
    }

    @Override
    protected Object onEnter(Object task, Object unused0, Object unused1) {
        Span captured = TaskContexts.TABLE.take(task);
        if (captured == null && !strict) {
            return null;
        }
        Span previous = Tracer.current();
        if (captured == null) {
            if (previous == null) {
                return null;
            }
            Tracer.makeCurrent(null);
            return previous;
        }
        Tracer.makeCurrent(TaskContexts.runIn(captured));
        return previous != null ? previous : NO_PREVIOUS;
    }

    @Override
    protected void onExit(Object token, Object task, Object result, Throwable thrown) {
        Tracer.makeCurrent(token == NO_PREVIOUS ? null : (Span) token);
    }
}
