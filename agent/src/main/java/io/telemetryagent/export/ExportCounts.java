package io.telemetryagent.export;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What became of every segment: sent, or lost under one {@link LossReason}. A segment over 64 KB
 * travels as several documents and is counted as those. Written by the exporter's threads,
 * read from anywhere (the loss lines, the MBean, the exit line). Queue-full drops are counted
 * by the queue itself, on the request threads, and read from it here.
 */
final class ExportCounts {

    private final ExportQueue queue;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLongArray lost = new AtomicLongArray(LossReason.values().length);
    /** Documents handed to a sender and not yet answered. */
    private final AtomicLong inFlight = new AtomicLong();
    /** The last detail said for each reason ("HTTP 429 ThrottledException: Rate exceeded"). */
    private final String[] details = new String[LossReason.values().length];

    ExportCounts(ExportQueue queue) {
        this.queue = queue;
    }

    void sent(int documents) {
        sent.addAndGet(documents);
    }

    void lost(LossReason reason, long documents, String detail) {
        if (documents <= 0) {
            return;
        }
        lost.addAndGet(reason.ordinal(), documents);
        if (detail != null) {
            synchronized (details) {
                details[reason.ordinal()] = detail;
            }
        }
    }

    void inFlight(int delta) {
        inFlight.addAndGet(delta);
    }

    long sent() {
        return sent.get();
    }

    long inFlight() {
        return inFlight.get();
    }

    long lost(LossReason reason) {
        switch (reason) {
            case QUEUE_FULL:
                return queue.dropped();
            case SHUTDOWN:
                return lost.get(reason.ordinal()) + queue.droppedClosed();
            default:
                return lost.get(reason.ordinal());
        }
    }

    long lost() {
        long total = 0;
        for (LossReason reason : LossReason.values()) {
            total += lost(reason);
        }
        return total;
    }

    String detail(LossReason reason) {
        synchronized (details) {
            return details[reason.ordinal()];
        }
    }

    /** Every reason's count now, by ordinal. */
    long[] snapshot() {
        LossReason[] reasons = LossReason.values();
        long[] counts = new long[reasons.length];
        for (LossReason reason : reasons) {
            counts[reason.ordinal()] = lost(reason);
        }
        return counts;
    }
}
