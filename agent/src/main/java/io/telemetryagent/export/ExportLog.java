package io.telemetryagent.export;

import io.telemetryagent.log.AgentLog;
import java.util.ArrayList;
import java.util.List;

/**
 * The exporter's voice. Every line passes through {@link #clean}, which keeps it on one line,
 * bounds it, and masks any secret we know of (the configured secret key, the environment's
 * secret key and session token) should a far end ever echo one. Thread-safe.
 */
final class ExportLog {

    private static final int MAX_LINE = 800;

    private volatile String[] hidden;

    ExportLog(String... secrets) {
        mask(secrets);
    }

    void warn(String line) {
        AgentLog.warn(clean(line));
    }

    void error(String line) {
        AgentLog.error(clean(line));
    }

    void info(String line) {
        AgentLog.info(clean(line));
    }

    void debug(String line) {
        if (AgentLog.debugEnabled()) {
            AgentLog.debug(clean(line));
        }
    }

    /** Masks these secrets from now on (with the ones already masked). */
    void mask(String... secrets) {
        List<String> kept = new ArrayList<>();
        if (hidden != null) {
            kept.addAll(List.of(hidden));
        }
        for (String value : secrets) {
            if (value != null && value.trim().length() >= 4) {
                kept.add(value.trim());
            }
        }
        hidden = kept.toArray(new String[0]);
    }

    /** One line, bounded, with secrets masked. */
    String clean(String text) {
        String line = text == null ? "" : text;
        for (String secret : hidden) {
            if (line.contains(secret)) {
                line = line.replace(secret, "****");
            }
        }
        line = line.replace('\r', ' ').replace('\n', ' ');
        return line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE - 3) + "...";
    }
}
