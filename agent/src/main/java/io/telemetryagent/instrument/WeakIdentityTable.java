package io.telemetryagent.instrument;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the agent keeps beside the host's objects rather than inside them: values keyed by an
 * object's identity (never its {@code equals}/{@code hashCode}, which are the host's code), held
 * weakly, so an entry leaves with its key when the garbage collector takes it. Never more than
 * its bound: beyond it, puts are refused rather than grow the table.
 *
 * <p>Lookups allocate nothing (a reusable probe per thread); a put allocates its key.
 */
public final class WeakIdentityTable<V> {

    private final int maxEntries;
    private final ConcurrentHashMap<Object, V> entries = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final ThreadLocal<Probe> probes = new Probes();

    public WeakIdentityTable(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** Records {@code value} for {@code key}, replacing any; false when the table is full. */
    public boolean put(Object key, V value) {
        expungeCollected();
        if (entries.size() >= maxEntries) {
            return false;
        }
        entries.put(new Key(key, collected), value);
        return true;
    }

    /** Records {@code value} for {@code key} unless it has one already; false when it had or the table is full. */
    public boolean putIfAbsent(Object key, V value) {
        expungeCollected();
        if (entries.size() >= maxEntries || get(key) != null) {
            return false;
        }
        return entries.putIfAbsent(new Key(key, collected), value) == null;
    }

    /** The value recorded for {@code key}, or null; the entry stays. */
    public V get(Object key) {
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

    /** Removes and returns the value recorded for {@code key}, or null. */
    public V remove(Object key) {
        if (key == null || entries.isEmpty()) {
            return null;
        }
        Probe probe = probes.get();
        probe.key = key;
        probe.hash = System.identityHashCode(key);
        try {
            // A lock-free read first: a miss (the common case) never locks a bin.
            return entries.get(probe) == null ? null : entries.remove(probe);
        } finally {
            probe.key = null;
        }
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Entries held, collected keys included until the next put clears them out. */
    public int size() {
        return entries.size();
    }

    /** Forgets the entries of keys the garbage collector has taken. */
    public void expungeCollected() {
        Reference<?> gone;
        while ((gone = collected.poll()) != null) {
            entries.remove(gone);
        }
    }

    /** A key, weakly: equal to another only for the very same live object. */
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

    /** A subclass rather than {@code ThreadLocal.withInitial(Probe::new)}: no lambda to link as the agent starts. */
    private static final class Probes extends ThreadLocal<Probe> {
        @Override
        protected Probe initialValue() {
            return new Probe();
        }
    }
}
