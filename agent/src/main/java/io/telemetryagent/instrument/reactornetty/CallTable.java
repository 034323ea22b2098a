package io.telemetryagent.instrument.reactornetty;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Reactor Netty calls under way, beside the library's objects rather than inside them: keyed
 * by a call's handler (one per subscription) and by the connection operations of its current
 * attempt, by identity (never the host's {@code equals}/{@code hashCode}) and weakly, so a call
 * the app abandoned takes its entries with it when collected. Never more than
 * {@link #MAX_ENTRIES}: beyond that, new calls go untraced rather than grow it.
 *
 * <p>Lookups allocate nothing (a reusable probe per thread); a put allocates its key.
 */
final class CallTable {

    static final int MAX_ENTRIES = 1 << 14;

    private final ConcurrentHashMap<Object, ReactorNettyCall> entries = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final ThreadLocal<Probe> probes = ThreadLocal.withInitial(Probe::new);

    /** Records {@code call} for {@code key}; false when the table is full. */
    boolean put(Object key, ReactorNettyCall call) {
        expungeCollected();
        if (entries.size() >= MAX_ENTRIES) {
            return false;
        }
        entries.put(new Key(key, collected), call);
        return true;
    }

    /** The call recorded for {@code key}, or null. */
    ReactorNettyCall get(Object key) {
        if (key == null || entries.isEmpty()) {
            return null;
        }
        Probe probe = probes.get();
        probe.key = key;
        probe.hash = System.identityHashCode(key);
        try {
            return entries.get(probe);
        } finally {
            probe.key = null;
        }
    }

    /** Forgets {@code key}. */
    void remove(Object key) {
        if (key == null || entries.isEmpty()) {
            return;
        }
        Probe probe = probes.get();
        probe.key = key;
        probe.hash = System.identityHashCode(key);
        try {
            // A lock-free read first: a miss never locks a bin.
            if (entries.get(probe) != null) {
                entries.remove(probe);
            }
        } finally {
            probe.key = null;
        }
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Entries held, collected keys included until the next put clears them out. */
    int size() {
        return entries.size();
    }

    private void expungeCollected() {
        Reference<?> gone;
        while ((gone = collected.poll()) != null) {
            entries.remove(gone);
        }
    }

    /** A library object, weakly: equal to another key only for the very same live object. */
    private static final class Key extends WeakReference<Object> {
        private final int hash;

        Key(Object key, ReferenceQueue<Object> queue) {
            super(key, queue);
            this.hash = System.identityHashCode(key);
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
            Object key = get();
            return key != null && other instanceof Key && ((Key) other).get() == key;
        }
    }

    /** What a lookup compares keys with, without allocating a key. */
    private static final class Probe {
        Object key;
        int hash;

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key && ((Key) other).get() == key;
        }
    }
}
