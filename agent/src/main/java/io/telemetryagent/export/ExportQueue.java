package io.telemetryagent.export;

import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.SpanSink;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The hand-off from request threads to the exporter: a bounded queue of finished segments.
 * {@link #offer} never blocks; when the queue is full the segment is dropped and counted. The
 * worker is woken as soon as a batch's worth of segments waits.
 *
 * <p>Many producers, one consumer (the exporter's thread), and no lock: a producer claims a slot
 * by moving the tail on, then fills it; the consumer takes slots in order, and stops at one that
 * is claimed but not yet filled (it is taken on the next poll). An {@code ArrayBlockingQueue}
 * here took its lock twice per segment (offer, then size), and its request threads queued on
 * that lock whenever its holder lost its core: 0.6 to 0.9 % of a host's CPU at 100 % sampling.
 */
public final class ExportQueue implements SpanSink {

    /** Segments held at most while the exporter is busy or X-Ray is unreachable. */
    public static final int DEFAULT_CAPACITY = 4096;

    private final int capacity;
    /** A power of two at least {@link #capacity} long: slot of position p is p & mask. */
    private final AtomicReferenceArray<Span> slots;
    private final int mask;
    /** The next position a producer claims. */
    private final AtomicLong tail = new AtomicLong();
    /** The next position the consumer takes; written by the consumer only. */
    private volatile long head;
    /** One slot: a wake-up is either pending or not, never queued twice. */
    private final ArrayBlockingQueue<Boolean> wakeUp = new ArrayBlockingQueue<>(1);
    private final int wakeAt;
    /** Set by the offer that requests a wake-up, cleared by the worker: spares later offers the lock. */
    private volatile boolean wakePending;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder droppedClosed = new LongAdder();
    private volatile boolean closed;

    /**
     * @param capacity segments held at most
     * @param wakeAt   how many waiting segments wake the worker before its period ends
     */
    public ExportQueue(int capacity, int wakeAt) {
        if (capacity < 1 || capacity > 1 << 30) {
            throw new IllegalArgumentException("capacity " + capacity + " is not within 1 to 2^30");
        }
        this.capacity = capacity;
        int length = Integer.highestOneBit(capacity);
        if (length < capacity) {
            length <<= 1;
        }
        this.slots = new AtomicReferenceArray<>(length);
        this.mask = length - 1;
        this.wakeAt = wakeAt;
    }

    /** Hands over a finished root span; drops (and counts) it when the queue is full. */
    @Override
    public void offer(Span root) {
        if (root == null || !root.sampled() || !root.recorded()) {
            return;
        }
        if (closed) {
            droppedClosed.increment(); // the JVM is going down: counted, as every loss is
            return;
        }
        long position;
        do {
            position = tail.get();
            if (position - head >= capacity) {
                dropped.increment();
                return;
            }
        } while (!tail.compareAndSet(position, position + 1));
        // The slot was emptied before the head passed it (see poll), so no segment is lost here.
        slots.set((int) position & mask, root);
        if (!wakePending && position + 1 - head >= wakeAt) {
            wakePending = true;
            wakeUp.offer(Boolean.TRUE);
        }
    }

    /** Segments dropped because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    /** Segments offered after {@link #close} (the JVM was going down). */
    public long droppedClosed() {
        return droppedClosed.sum();
    }

    /** Segments taken in since the start (not counting those dropped). */
    public long accepted() {
        return tail.get();
    }

    /** Segments waiting now (counting any whose producer has claimed a slot and not yet filled it). */
    public int size() {
        return (int) Math.max(0, tail.get() - head);
    }

    /**
     * The oldest waiting segment, or null when none is (or the oldest is still being handed
     * over). For one thread at a time: the exporter's (and the hand-off benchmark's consumer).
     */
    public Span poll() {
        long position = head;
        int slot = (int) position & mask;
        Span root = slots.get(slot);
        if (root == null) {
            return null;
        }
        slots.lazySet(slot, null);
        head = position + 1; // after the slot is emptied: a producer that sees this head may fill it
        return root;
    }

    /** Waits until a batch is waiting, {@link #wake} is called, or the timeout passes. */
    void await(long timeout, TimeUnit unit) throws InterruptedException {
        wakeUp.poll(timeout, unit);
        wakePending = false; // a wake-up requested meanwhile left its token: the next await returns at once
    }

    /** Ends the current (or next) {@link #await} at once. */
    void wake() {
        wakeUp.offer(Boolean.TRUE);
    }

    /** Stops accepting: later offers are ignored (the JVM is going down). */
    void close() {
        closed = true;
    }
}
