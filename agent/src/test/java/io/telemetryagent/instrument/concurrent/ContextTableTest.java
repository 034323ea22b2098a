package io.telemetryagent.instrument.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telemetryagent.trace.Span;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextTableTest {

    private final ContextTable table = new ContextTable();
    private final Span request = Span.root("1-5759e988-bd862e3fe1be46a994272793", "53995c3f42cd8ad8", null,
            Span.Kind.ROUTER, true, "orders");
    private final Span other = Span.root("1-5759e988-bd862e3fe1be46a994272794", "53995c3f42cd8ad9", null,
            Span.Kind.ROUTER, true, "orders");

    @Test
    void givesTheCapturedSpanOnceThenForgetsIt() {
        Runnable task = () -> { };
        table.put(task, request);

        assertSame(request, table.take(task));
        assertNull(table.take(task), "an entry leaves when its task runs");
        assertEquals(0, table.size());
    }

    @Test
    void keysByIdentityNeverByTheHostsEquals() {
        EqualToAll first = new EqualToAll();
        EqualToAll second = new EqualToAll();
        table.put(first, request);
        table.put(second, other);

        assertSame(other, table.take(second));
        assertSame(request, table.take(first));
    }

    @Test
    void theFirstHandOffWins() {
        Runnable stage = () -> { };
        table.put(stage, request);
        table.put(stage, other);

        assertSame(request, table.take(stage));
    }

    @Test
    void tasksThatNeverRunLeaveWithTheGarbageCollector() throws InterruptedException {
        List<Object> tasks = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Object task = new Object();
            tasks.add(task); // held until counted: a collection during the loop would expunge some
            table.put(task, request);
        }
        assertEquals(10_000, table.size());
        tasks.clear();

        long deadline = System.nanoTime() + 10_000_000_000L;
        while (table.size() > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
            table.expungeCollected();
        }
        assertEquals(0, table.size(), "entries of collected tasks");
    }

    @Test
    void neverHoldsMoreThanItsBound() {
        List<Object> neverRun = new ArrayList<>();
        for (int i = 0; i < ContextTable.MAX_ENTRIES + 100; i++) {
            Object task = new Object();
            neverRun.add(task);
            table.put(task, request);
        }

        assertEquals(ContextTable.MAX_ENTRIES, table.size());
        assertNull(table.take(neverRun.get(neverRun.size() - 1)), "past the bound, work carries no context");
        assertSame(request, table.take(neverRun.get(0)));
    }

    /** A task class whose equals and hashCode say every instance is the same. */
    private static final class EqualToAll implements Runnable {
        @Override
        public void run() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EqualToAll;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }
}
