package io.telemetryagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telemetryagent.trace.Ids;
import io.telemetryagent.trace.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
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

    /**
     * Four producers against one consumer, through a queue small enough to wrap round hundreds of
     * times and fill now and then: every segment is taken exactly once or counted as dropped.
     */
    @Test
    void everySegmentIsTakenOnceOrCountedUnderContention() throws Exception {
        ExportQueue queue = new ExportQueue(64, 1_000);
        int producers = 4;
        int each = 20_000;
        Span[][] offered = new Span[producers][each];
        for (int p = 0; p < producers; p++) {
            for (int i = 0; i < each; i++) {
                offered[p][i] = segment(true);
            }
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Span[] mine = offered[p];
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (Span s : mine) {
                    queue.offer(s);
                }
            });
            t.start();
            threads.add(t);
        }
        Set<Span> taken = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Span> takenInOrder = new ArrayList<>();
        int duplicates = 0;
        go.countDown();
        while (threads.stream().anyMatch(Thread::isAlive) || queue.size() > 0) {
            Span s = queue.poll();
            if (s != null) {
                takenInOrder.add(s);
                if (!taken.add(s)) {
                    duplicates++;
                }
            }
        }
        for (Thread t : threads) {
            t.join();
        }

        assertEquals(0, duplicates);
        assertEquals((long) producers * each, taken.size() + queue.dropped(),
                "taken " + taken.size() + " + dropped " + queue.dropped());
        assertTrue(taken.size() > 0 && queue.dropped() > 0, "the queue both took and dropped: " + taken.size());
        // Each producer's segments come out in the order it offered them (a FIFO).
        Map<Span, int[]> whose = new IdentityHashMap<>();
        for (int p = 0; p < producers; p++) {
            for (int i = 0; i < each; i++) {
                whose.put(offered[p][i], new int[] {p, i});
            }
        }
        int[] last = new int[producers];
        Arrays.fill(last, -1);
        for (Span s : takenInOrder) {
            int[] at = whose.get(s);
            assertTrue(at[1] > last[at[0]], "producer " + at[0] + "'s segment " + at[1] + " after its " + last[at[0]]);
            last[at[0]] = at[1];
        }
        assertNull(queue.poll());
        assertEquals(0, queue.size());
    }

    @Test
    void acceptsNothingOnceClosed() {
        ExportQueue queue = new ExportQueue(10, 50);
        queue.close();

        queue.offer(segment(true));

        assertNull(queue.poll());
    }
}
