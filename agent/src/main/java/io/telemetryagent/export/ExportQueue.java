package io.telemetryagent.export;

import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.SpanSink;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The hand-off from request threads to the exporter: a bounded queue of finished segments.
 * {@link #offer} never blocks; when the queue is full the segment is dropped and counted. The
 * worker is woken as soon as a batch's worth of segments waits.
 */
public final class ExportQueue implements SpanSink {

    /** Segments held at most while the exporter is busy or X-Ray is unreachable. */
    public static final int DEFAULT_CAPACITY = 4096;

    private final ArrayBlockingQueue<Span> segments;
    /** One slot: a wake-up is either pending or not, never queued twice. */
    private final ArrayBlockingQueue<Boolean> wakeUp = new ArrayBlockingQueue<>(1);
    private final int wakeAt;
    /** Set by the offer that requests a wake-up, cleared by the worker: spares later offers the lock. */
    private volatile boolean wakePending;
    private final LongAdder dropped = new LongAdder();
    private volatile boolean closed;

    /**
     * @param capacity segments held at most
     * @param wakeAt   how many waiting segments wake the worker before its period ends
     */
    public ExportQueue(int capacity, int wakeAt) {
        this.segments = new ArrayBlockingQueue<>(capacity);
        this.wakeAt = wakeAt;
    }

    /** Hands over a finished root span; drops (and counts) it when the queue is full. */
    @Override
    public void offer(Span root) {
        if (root == null || closed || !root.sampled() || !root.recorded()) {
            return;
        }
        if (!segments.offer(root)) {
            dropped.increment();
            return;
        }
        if (!wakePending && segments.size() >= wakeAt) {
            wakePending = true;
            wakeUp.offer(Boolean.TRUE);
        }
    }

    /** Segments dropped because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    /** Segments waiting now. */
    public int size() {
        return segments.size();
    }

    /** The oldest waiting segment, or null; for the exporter's thread (and the hand-off benchmark). */
    public Span poll() {
        return segments.poll();
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
