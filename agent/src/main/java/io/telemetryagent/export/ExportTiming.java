package io.telemetryagent.export;

import java.time.Duration;

/** The exporter's clocks: production values from {@link #of}, shorter ones in tests. */
final class ExportTiming {

    /** Between two exports, unless a batch fills first. */
    final Duration period;
    /** First wait before a retry; doubled each time up to {@link #maxBackoff}, with jitter. */
    final Duration firstBackoff;
    final Duration maxBackoff;
    /** How long one batch is retried before it is dropped. */
    final Duration retryBudget;
    /** The most {@code shutdown()} takes, flush included. */
    final Duration shutdownBudget;
    final Duration connectTimeout;
    final Duration readTimeout;
    /** At most one log line per reason per interval. */
    final Duration logInterval;

    ExportTiming(Duration period, Duration firstBackoff, Duration maxBackoff, Duration retryBudget,
                 Duration shutdownBudget, Duration connectTimeout, Duration readTimeout, Duration logInterval) {
        this.period = period;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.retryBudget = retryBudget;
        this.shutdownBudget = shutdownBudget;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.logInterval = logInterval;
    }

    static ExportTiming of(int reportingPeriodSeconds) {
        Duration period = Duration.ofSeconds(Math.max(1, reportingPeriodSeconds));
        // A log line per reason per minute at most: a 1 s period would repeat a bad key's error
        // sixty times a minute.
        Duration logInterval = period.compareTo(Duration.ofMinutes(1)) > 0 ? period : Duration.ofMinutes(1);
        return new ExportTiming(period, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(5), logInterval);
    }
}
