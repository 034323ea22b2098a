package io.telemetryagent.instrument.concurrent;

import io.telemetryagent.instrument.WeakIdentityTable;
import io.telemetryagent.trace.Span;

/**
 * The span each handed-off task is to run in, beside the host's objects rather than inside them
 * (a {@link WeakIdentityTable}): a task that never runs takes its entry with it when it is
 * collected. An entry leaves when its task runs; the table never holds more than
 * {@link #MAX_ENTRIES} (beyond that, tasks are handed off without a context rather than growing it).
 */
final class ContextTable {

    static final int MAX_ENTRIES = 1 << 16;

    private final WeakIdentityTable<Span> entries = new WeakIdentityTable<>(MAX_ENTRIES);

    /**
     * Records {@code span} for {@code task}, unless the task already has one: the first hand-off
     * wins (a completion stage is captured where it is created, then passes through an executor).
     */
    void put(Object task, Span span) {
        entries.putIfAbsent(task, span);
    }

    /** Removes and returns the span recorded for {@code task}, or null. */
    Span take(Object task) {
        return entries.remove(task);
    }

    /** The span recorded for {@code task}, or null; the entry stays. */
    Span peek(Object task) {
        return entries.get(task);
    }

    /** Entries held, collected tasks included until the next capture clears them out. */
    int size() {
        return entries.size();
    }

    /** Forgets the entries of tasks the garbage collector has taken. */
    void expungeCollected() {
        entries.expungeCollected();
    }
}
