package io.telemetryagent.instrument.concurrent;

import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;

/**
 * The trace context that follows work to other threads: captured where work is handed off (a
 * task queued, a thread started), applied while it runs on the other thread, then removed.
 */
final class TaskContexts {

    /** One table for every executor, pool and thread of the JVM. */
    static final ContextTable TABLE = new ContextTable();

    private TaskContexts() {}

    /**
     * Records the current span for {@code task}. Work handed off outside any request costs one
     * thread-local read.
     */
    static void capture(Object task) {
        Span current = Tracer.current();
        if (current != null && task != null) {
            TABLE.put(task, current);
        }
    }

    /**
     * The context a task captured with {@code captured} runs in. While the request is open, that
     * span itself, so the task's calls are its subsegments. Once the request's segment has ended
     * (and was exported), a new subsegment could no longer reach X-Ray with it: the task's calls
     * then become segments of their own in the same trace, with that span as their parent.
     */
    static Span runIn(Span captured) {
        if (!captured.recorded() || !captured.root().ended()) {
            return captured;
        }
        return Span.unrecorded(captured.traceId(), captured.id(), captured.sampled(), captured.lineage());
    }
}
