package io.telemetryagent.instrument.reactornetty;

import io.telemetryagent.instrument.WeakIdentityTable;

/**
 * The Reactor Netty calls under way, beside the library's objects rather than inside them: keyed
 * by a call's handler (one per subscription) and by the connection operations of its current
 * attempt, by identity (never the host's {@code equals}/{@code hashCode}) and weakly, so a call
 * the app abandoned takes its entries with it when collected. Never more than
 * {@link #MAX_ENTRIES}: beyond that, new calls go untraced rather than grow it.
 * (A {@link WeakIdentityTable}.)
 */
final class CallTable {

    static final int MAX_ENTRIES = 1 << 14;

    private final WeakIdentityTable<ReactorNettyCall> entries = new WeakIdentityTable<>(MAX_ENTRIES);

    /** Records {@code call} for {@code key}; false when the table is full. */
    boolean put(Object key, ReactorNettyCall call) {
        return entries.put(key, call);
    }

    /** The call recorded for {@code key}, or null. */
    ReactorNettyCall get(Object key) {
        return entries.get(key);
    }

    /** Forgets {@code key}. */
    void remove(Object key) {
        entries.remove(key);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Entries held, collected keys included until the next put clears them out. */
    int size() {
        return entries.size();
    }
}
