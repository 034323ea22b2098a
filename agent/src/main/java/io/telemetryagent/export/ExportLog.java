package io.telemetryagent.export;

import io.telemetryagent.log.AgentLog;
import java.util.HashMap;
import java.util.Map;

/**
 * The exporter's voice: at most one line per reason per interval, saying how many were held
 * back, so that an outage costs a few lines, not one per segment. Every line passes through
 * {@link #clean}, which keeps it on one line and masks the secret key should it ever appear.
 * Used by the exporter's thread only.
 */
final class ExportLog {

    private static final int MAX_REASONS = 64;
    private static final int MAX_LINE = 600;

    private final long intervalNanos;
    private final String secret;
    /** Secrets read from the environment once the exporter started (secret key, session token). */
    private volatile String[] alsoHidden = new String[0];
    private final Map<String, Reason> reasons = new HashMap<>();

    private static final class Reason {
        long lastNanos;
        int heldBack;
    }

    ExportLog(long intervalNanos, String secret) {
        this.intervalNanos = intervalNanos;
        this.secret = secret == null || secret.isEmpty() ? null : secret;
    }

    /** Logs {@code line} as a warning unless {@code reason} was logged less than an interval ago. */
    void warn(String reason, String line) {
        long now = System.nanoTime();
        Reason last = reasons.get(reason);
        if (last != null && now - last.lastNanos < intervalNanos) {
            last.heldBack++;
            return;
        }
        if (last == null) {
            if (reasons.size() >= MAX_REASONS) {
                reasons.clear(); // reasons come from the far end: never let them grow without bound
            }
            last = new Reason();
            reasons.put(reason, last);
        }
        String suffix = last.heldBack == 0 ? ""
                : " (" + last.heldBack + " more like this since the last report)";
        last.lastNanos = now;
        last.heldBack = 0;
        AgentLog.warn(clean(line) + suffix);
    }

    /** Logs {@code line} once, unlimited: for rare events (the client failed, export resumed). */
    void error(String line) {
        AgentLog.error(clean(line));
    }

    void info(String line) {
        AgentLog.info(clean(line));
    }

    /** Masks these too: credentials read from the environment, unknown when the log was made. */
    void mask(String... secrets) {
        java.util.List<String> kept = new java.util.ArrayList<>();
        for (String value : secrets) {
            if (value != null && !value.trim().isEmpty()) {
                kept.add(value.trim());
            }
        }
        alsoHidden = kept.toArray(new String[0]);
    }

    /** One line, bounded, with the secret key masked. */
    String clean(String text) {
        String line = text == null ? "" : text;
        if (secret != null && line.contains(secret)) {
            line = line.replace(secret, "****");
        }
        for (String hidden : alsoHidden) {
            if (line.contains(hidden)) {
                line = line.replace(hidden, "****");
            }
        }
        line = line.replace('\r', ' ').replace('\n', ' ');
        return SegmentWriter.truncate(line, MAX_LINE);
    }
}
