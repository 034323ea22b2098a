package io.telemetryagent.export;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one batch with {@code PutTraceSegments}. Network errors, 5xx and throttling are retried
 * with exponential backoff and jitter for a bounded time (shorter once shutdown has set a
 * deadline), then the batch is dropped and counted; any other answer is final. Counts what it
 * sent and dropped. Runs on the exporter's thread; the counters are read from anywhere.
 */
final class BatchSender {

    private final ExportTiming timing;
    private final ExportLog log;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong unprocessed = new AtomicLong();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile long stopByNanos;
    private volatile XRayCall client;
    /** True from a dropped batch to the next delivered one; then "resumed" is logged. */
    private boolean failing;
    private long droppedWhenFailing;

    BatchSender(ExportTiming timing, ExportLog log) {
        this.timing = timing;
        this.log = log;
    }

    /** Sets the client once it is built; until then (or if never) batches are dropped. */
    void client(XRayCall client) {
        this.client = client;
    }

    XRayCall client() {
        return client;
    }

    /** From now on, gives up at {@code deadlineNanos} (a {@link System#nanoTime()} value). */
    void stopBy(long deadlineNanos) {
        stopByNanos = deadlineNanos;
        stopping.countDown();
    }

    boolean outOfTime() {
        return stopping.getCount() == 0 && System.nanoTime() - stopByNanos >= 0;
    }

    long sent() { return sent.get(); }
    long dropped() { return dropped.get(); }
    long unprocessed() { return unprocessed.get(); }

    /** Counts documents that never reached {@link #send} as dropped. */
    void drop(int documents) {
        dropped.addAndGet(documents);
    }

    /** Sends a batch (at most 50 documents), retrying as the class says; never throws. */
    void send(BatchBody batch) {
        int documents = batch.documents();
        XRayCall xray = client;
        if (xray == null || outOfTime()) {
            drop(documents);
            return;
        }
        long started = System.nanoTime();
        int attempts = 0;
        while (true) {
            attempts++;
            Failure failure;
            try {
                XRayCall.Answer answer = xray.send(batch);
                if (answer.ok()) {
                    delivered(documents, answer.unprocessed);
                    return;
                }
                failure = Failure.of(answer);
            } catch (Throwable t) { // an Error (a JDK crypto or network quirk) must not end the exporter either
                failure = Failure.of(t);
            }
            if (!failure.retryable) {
                giveUp(documents, failure, "export to X-Ray rejected (" + failure.detail + ")");
                return;
            }
            long remaining = started + timing.retryBudget.toNanos() - System.nanoTime();
            if (stopping.getCount() == 0) {
                remaining = Math.min(remaining, stopByNanos - System.nanoTime());
            }
            if (remaining <= 0 || Thread.currentThread().isInterrupted()) {
                giveUp(documents, failure, "export to X-Ray failed (" + failure.detail + ", "
                        + attempts + (attempts == 1 ? " attempt)" : " attempts)"));
                return;
            }
            if (!pause(Math.min(backoffNanos(attempts), remaining))) {
                giveUp(documents, failure, "export to X-Ray failed (" + failure.detail + ", interrupted)");
                return;
            }
        }
    }

    private void delivered(int documents, List<XRayCall.Unprocessed> rejected) {
        sent.addAndGet(documents - rejected.size());
        if (!rejected.isEmpty()) {
            long total = unprocessed.addAndGet(rejected.size());
            log.warn("unprocessed", "X-Ray did not process " + rejected.size() + " of " + segments(documents)
                    + " (" + byErrorCode(rejected) + "); " + total + " unprocessed so far");
        }
        if (failing) {
            failing = false;
            long lost = dropped.get() - droppedWhenFailing;
            log.info("export to X-Ray resumed; " + segments(lost) + (lost == 1 ? " was" : " were")
                    + " dropped while it failed");
        }
    }

    private void giveUp(int documents, Failure failure, String line) {
        if (!failing) {
            failing = true;
            droppedWhenFailing = dropped.get();
        }
        long total = dropped.addAndGet(documents);
        log.warn(failure.reason, line + "; " + segments(total) + " dropped so far");
    }

    private static String segments(long count) {
        return count == 1 ? "1 segment" : count + " segments";
    }

    /** {@code InvalidTraceId x2: "message", MissingId x1}: codes in order, first message of each. */
    static String byErrorCode(List<XRayCall.Unprocessed> rejected) {
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, String> messages = new TreeMap<>();
        for (XRayCall.Unprocessed segment : rejected) {
            String code = segment.errorCode == null ? "no error code" : segment.errorCode;
            counts.computeIfAbsent(code, c -> new int[1])[0]++;
            if (segment.message != null) {
                messages.putIfAbsent(code, segment.message);
            }
        }
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, int[]> entry : counts.entrySet()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(entry.getKey()).append(" x").append(entry.getValue()[0]);
            String message = messages.get(entry.getKey());
            if (message != null) {
                text.append(": \"").append(SegmentWriter.truncate(message, 120)).append('"');
            }
        }
        return text.toString();
    }

    /** Exponential backoff with equal jitter: half the step for sure, half at random. */
    private long backoffNanos(int attempts) {
        long step = timing.firstBackoff.toNanos() << Math.min(attempts - 1, 20);
        step = Math.min(step, timing.maxBackoff.toNanos());
        long half = Math.max(1, step / 2);
        return half + ThreadLocalRandom.current().nextLong(half);
    }

    /** Waits, cut short when shutdown starts (the deadline then changes); false if interrupted. */
    private boolean pause(long nanos) {
        try {
            if (stopping.getCount() > 0) {
                stopping.await(nanos, TimeUnit.NANOSECONDS);
            } else {
                TimeUnit.NANOSECONDS.sleep(nanos);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Why a call failed: whether to retry, a stable reason for rate limiting, and the detail. */
    static final class Failure {
        final boolean retryable;
        final String reason;
        final String detail;

        private Failure(boolean retryable, String reason, String detail) {
            this.retryable = retryable;
            this.reason = reason;
            this.detail = detail;
        }

        /** An error answer: "HTTP 403 AccessDeniedException: the message". */
        static Failure of(XRayCall.Answer answer) {
            String reason = "HTTP " + answer.status;
            if (answer.errorCode != null) {
                reason += " " + answer.errorCode;
            }
            String message = answer.message;
            return new Failure(answer.retryable(), reason,
                    message == null || message.isEmpty() ? reason : reason + ": " + message);
        }

        /** No answer: a network failure (retried), or anything else gone wrong on our side (not). */
        static Failure of(Throwable t) {
            if (t instanceof IOException || t.getCause() instanceof IOException) {
                String reason = network(t);
                return new Failure(true, reason, reason);
            }
            String reason = t.getClass().getName();
            return new Failure(false, reason, t.getMessage() == null ? reason : reason + ": " + t.getMessage());
        }

        /** The network cause in a few words: "connection refused", "timed out", ... */
        private static String network(Throwable t) {
            Throwable root = t;
            for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 10; depth++) {
                if (root instanceof ConnectException || root instanceof SocketTimeoutException
                        || root instanceof UnknownHostException) {
                    break;
                }
                root = root.getCause();
            }
            if (root instanceof ConnectException) {
                return root.getMessage() == null ? "connection refused" : root.getMessage().toLowerCase(Locale.ROOT);
            }
            if (root instanceof SocketTimeoutException) {
                return "timed out";
            }
            if (root instanceof UnknownHostException) {
                return "unknown host " + root.getMessage();
            }
            String message = root.getMessage();
            return message == null ? root.getClass().getSimpleName() : message;
        }
    }
}
