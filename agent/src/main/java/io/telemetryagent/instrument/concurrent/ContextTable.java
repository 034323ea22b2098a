package io.telemetryagent.instrument.concurrent;

import io.telemetryagent.trace.Span;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The span each handed-off task is to run in, beside the host's objects rather than inside them:
 * keyed by the task's identity (never its {@code equals}/{@code hashCode}, which are the host's
 * code), held weakly, so a task that never runs takes its entry with it when it is collected.
 * An entry leaves when its task runs; the table never holds more than {@link #MAX_ENTRIES}
 * (beyond that, tasks are handed off without a context rather than growing it).
 *
 * <p>Lookups allocate nothing (a reusable probe per thread); a capture allocates its entry.
 */
final class ContextTable {

    static final int MAX_ENTRIES = 1 << 16;

    private final ConcurrentHashMap<Object, Span> entries = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final ThreadLocal<Probe> probes = ThreadLocal.withInitial(Probe::new);

    /**
     * Records {@code span} for {@code task}, unless the task already has one: the first hand-off
     * wins (a completion stage is captured where it is created, then passes through an executor).
     */
    void put(Object task, Span span) {
        expungeCollected();
        if (entries.size() >= MAX_ENTRIES || peek(task) != null) {
            return;
        }
        entries.putIfAbsent(new Key(task, collected), span);
    }

    /** Removes and returns the span recorded for {@code task}, or null. */
    Span take(Object task) {
        if (entries.isEmpty()) {
            return null;
        }
        Probe probe = probes.get();
        probe.task = task;
        probe.hash = System.identityHashCode(task);
        try {
            // A lock-free read first: a miss (the common case) never locks a bin.
            return entries.get(probe) == null ? null : entries.remove(probe);
        } finally {
            probe.task = null;
        }
    }

    /** The span recorded for {@code task}, or null; the entry stays. */
    Span peek(Object task) {
        if (entries.isEmpty()) {
            return null;
        }
        Probe probe = probes.get();
        probe.task = task;
        probe.hash = System.identityHashCode(task);
        try {
            return entries.get(probe);
        } finally {
            probe.task = null;
        }
    }

    /** Entries held, collected tasks included until the next capture clears them out. */
    int size() {
        return entries.size();
    }

    /** Forgets the entries of tasks the garbage collector has taken. */
    void expungeCollected() {
        Reference<?> gone;
        while ((gone = collected.poll()) != null) {
            entries.remove(gone);
        }
    }

    /** A task, weakly: equal to another key only for the very same live task. */
    private static final class Key extends WeakReference<Object> {
        private final int hash;

        Key(Object task, ReferenceQueue<Object> queue) {
            super(task, queue);
            this.hash = System.identityHashCode(task);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (other == this) {
                return true;
            }
            Object task = get();
            return task != null && other instanceof Key && ((Key) other).get() == task;
        }
    }

    /** What a lookup compares keys with: a task, without allocating a key for it. */
    private static final class Probe {
        Object task;
        int hash;

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key && ((Key) other).get() == task;
        }
    }
}
