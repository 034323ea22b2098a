package io.telemetryagent.export;

/**
 * Says what is being lost: while segments are lost, one WARN line per interval (the first at
 * once) with the count since the last line by reason, the last detail of each, and the total;
 * "resumed" once nothing more is lost; and one line at exit with what was sent, lost and left
 * undelivered. Called from the exporter's draining thread only.
 */
final class LossReport {

    private final ExportCounts counts;
    private final ExportLog log;
    private final long intervalNanos;
    private long[] saidUpTo;
    private long lastLineNanos;
    private boolean losing;
    private long sentAtLastLine;

    LossReport(ExportCounts counts, ExportLog log, long intervalNanos) {
        this.counts = counts;
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.saidUpTo = new long[LossReason.values().length];
    }

    /**
     * Writes the loss line if segments were lost since the last one and the interval allows, or
     * says export resumed once segments are delivered again with none lost since.
     */
    void tick() {
        long[] current = counts.snapshot();
        long since = 0;
        for (int i = 0; i < current.length; i++) {
            since += current[i] - saidUpTo[i];
        }
        long now = System.nanoTime();
        if (since > 0) {
            if (!losing || now - lastLineNanos >= intervalNanos) {
                losing = true;
                lastLineNanos = now;
                sentAtLastLine = counts.sent();
                log.warn("lost " + segments(since) + " since the last report (" + byReason(current, saidUpTo)
                        + "); " + counts.lost() + " lost and " + counts.sent() + " sent in total");
                saidUpTo = current;
            }
        } else if (losing && counts.sent() > sentAtLastLine) {
            losing = false;
            log.info("export to X-Ray resumed; " + counts.lost() + " lost and " + counts.sent() + " sent in total");
        }
    }

    /** The exit line: everything sent and lost, and what was still waiting or in flight. */
    void atExit(long leftQueued, long leftInFlight) {
        long[] current = counts.snapshot();
        long lost = counts.lost();
        StringBuilder line = new StringBuilder("exporter stopped: ").append(segments(counts.sent())).append(" sent");
        if (lost == 0 && leftQueued == 0 && leftInFlight == 0) {
            log.info(line.append(", none lost").toString());
            return;
        }
        line.append(", ").append(lost).append(" lost (").append(byReason(current, new long[current.length])).append(')');
        if (leftQueued + leftInFlight > 0) {
            line.append(", of which ").append(leftQueued).append(" still queued and ").append(leftInFlight)
                    .append(" in flight at exit");
        }
        log.warn(line.toString());
    }

    private String byReason(long[] current, long[] before) {
        StringBuilder text = new StringBuilder();
        for (LossReason reason : LossReason.values()) {
            long delta = current[reason.ordinal()] - before[reason.ordinal()];
            if (delta <= 0) {
                continue;
            }
            if (text.length() > 0) {
                text.append("; ");
            }
            text.append(reason.words).append(' ').append(delta);
            String detail = counts.detail(reason);
            if (detail != null) {
                text.append(": ").append(detail);
            }
        }
        return text.toString();
    }

    static String segments(long count) {
        return count == 1 ? "1 segment" : count + " segments";
    }
}
