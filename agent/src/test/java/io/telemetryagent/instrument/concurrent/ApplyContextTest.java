package io.telemetryagent.instrument.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telemetryagent.trace.Sampler;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Capture and apply, as the advice calls them, on one thread standing for both sides. */
class ApplyContextTest {

    private final List<Span> exported = new ArrayList<>();
    private final Tracer tracer = new Tracer("orders", new Sampler(100), exported::add, true, true, true);
    private final CaptureContext capture = new CaptureContext(false, false);
    private final ApplyContext apply = new ApplyContext(false);
    private final ApplyContext poolTask = new ApplyContext(true);

    @AfterEach
    void clean() {
        Tracer.makeCurrent(null);
    }

    @Test
    void aTaskRunsInTheSpanItWasHandedOffInThenThePreviousComesBack() {
        Span router = tracer.startInbound(null);
        Span pipe = tracer.startChild(Span.Kind.PIPE, "GET /orders");
        Runnable task = () -> { };
        capture.enter(task, null, null);
        Span workerOwn = Span.unrecorded("1-5759e988-bd862e3fe1be46a994272794", null, true, null);
        Tracer.makeCurrent(workerOwn);

        Object token = apply.enter(task, null, null);
        Span inTask = Tracer.current();
        Span call = tracer.startChild(Span.Kind.BACKEND, "inventory");
        apply.exit(token, task, null, null);

        assertSame(pipe, inTask);
        assertSame(pipe, call.parent());
        assertSame(workerOwn, Tracer.current());
        assertSame(router, call.root());
    }

    @Test
    void workHandedOffOutsideAnyRequestCapturesNothing() {
        Runnable task = () -> { };
        capture.enter(task, null, null);

        assertNull(apply.enter(task, null, null));
        assertNull(poolTask.enter(task, null, null));
        assertEquals(0, TaskContexts.TABLE.size());
    }

    @Test
    void aPoolTaskWithoutAContextRunsWithNoneWhateverTheWorkerCarried() {
        Span leaked = tracer.startInbound(null);
        Runnable task = () -> { };

        Object token = poolTask.enter(task, null, null);
        Span inTask = Tracer.current();
        poolTask.exit(token, task, null, null);

        assertNull(inTask);
        assertSame(leaked, Tracer.current(), "and the worker's own comes back after");
    }

    @Test
    void aTaskThatRunsAfterItsRequestEndedContinuesTheTraceUnderTheSpanItCaptured() {
        Span router = tracer.startInbound(null);
        Span pipe = tracer.startChild(Span.Kind.PIPE, "GET /orders");
        Runnable task = () -> { };
        capture.enter(task, null, null);
        tracer.end(pipe, true, router);
        tracer.end(router, true, null);

        Object token = apply.enter(task, null, null);
        Span call = tracer.startChild(Span.Kind.BACKEND, "inventory");
        apply.exit(token, task, null, null);
        tracer.end(call, false, null);

        assertTrue(call.isRoot(), "a segment of its own");
        assertEquals(router.traceId(), call.traceId());
        assertEquals(pipe.id(), call.upstreamParentId());
        assertFalse(pipe.children().contains(call));
        assertEquals(List.of(router, call), exported);
        assertNull(Tracer.current());
    }

    @Test
    void aPeriodicTaskCarriesNothing() throws Exception {
        java.util.concurrent.ScheduledThreadPoolExecutor pool = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
        try {
            tracer.startInbound(null);
            CaptureContext scheduled = new CaptureContext(true, false);
            java.util.concurrent.RunnableScheduledFuture<?> periodic = (java.util.concurrent.RunnableScheduledFuture<?>)
                    pool.scheduleAtFixedRate(() -> { }, 1, 1, java.util.concurrent.TimeUnit.HOURS);
            java.util.concurrent.RunnableScheduledFuture<?> once = (java.util.concurrent.RunnableScheduledFuture<?>)
                    pool.schedule(() -> { }, 1, java.util.concurrent.TimeUnit.HOURS);

            scheduled.enter(periodic, null, null);
            scheduled.enter(once, null, null);

            assertNull(TaskContexts.TABLE.take(periodic));
            assertSame(Tracer.current(), TaskContexts.TABLE.take(once));
        } finally {
            pool.shutdownNow();
        }
    }
}
