package io.telemetryagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telemetryagent.trace.Ids;
import io.telemetryagent.trace.Span;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExportQueueTest {

    static Span segment(boolean sampled) {
        Span root = Span.root(Ids.newTraceId(System.currentTimeMillis() / 1000), Ids.newSegmentId(), null,
                Span.Kind.ROUTER, sampled, "orders");
        root.end();
        return root;
    }

    @Test
    void dropsAndCountsWhenFullWithoutBlocking() {
        ExportQueue queue = new ExportQueue(10, 50);
        Span first = segment(true);
        queue.offer(first);

        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            queue.offer(segment(true));
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(10, queue.size());
        assertEquals(10_000 - 9, queue.dropped());
        assertSame(first, queue.poll());
        assertTrue(tookMillis < 2_000, "10,000 offers took " + tookMillis + " ms");
    }

    @Test
    void ignoresUnsampledUnrecordedAndNull() {
        ExportQueue queue = new ExportQueue(10, 50);

        queue.offer(segment(false));
        queue.offer(Span.unrecorded(Ids.newTraceId(1_700_000_000L), null, true, null));
        queue.offer(null);

        assertEquals(0, queue.size());
        assertEquals(0, queue.dropped());
    }

    @Test
    void wakesTheWorkerWhenABatchWaits() throws InterruptedException {
        ExportQueue queue = new ExportQueue(100, 50);
        for (int i = 0; i < 49; i++) {
            queue.offer(segment(true));
        }
        long start = System.nanoTime();
        queue.await(200, TimeUnit.MILLISECONDS);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(190), "49 segments do not wake it");

        queue.offer(segment(true));
        start = System.nanoTime();
        queue.await(5, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "the 50th segment wakes it");
    }

    @Test
    void acceptsNothingOnceClosed() {
        ExportQueue queue = new ExportQueue(10, 50);
        queue.close();

        queue.offer(segment(true));

        assertNull(queue.poll());
    }
}
