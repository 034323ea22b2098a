package io.telemetryagent.export;

import java.time.Duration;

/** The exporter's clocks: production values from {@link #of}, shorter ones in tests. */
final class ExportTiming {

    /** Between two exports, unless a batch fills first. */
    final Duration period;
    /** The most {@code shutdown()} takes, flush included. */
    final Duration shutdownBudget;
    /** To open a connection to X-Ray (the HTTP client's connect time-out). */
    final Duration connectTimeout;
    /** Between two reads of an answer (the HTTP client's socket time-out). */
    final Duration readTimeout;
    /** One attempt of a call, however slowly its answer drips in. */
    final Duration attemptTimeout;
    /** One call, retries and their backoff included: the most a sender is held by one batch. */
    final Duration callTimeout;
    /** At most one loss line per interval while segments are being lost. */
    final Duration logInterval;
    /** After the credentials chain found nothing, batches are dropped this long before it is asked again. */
    final Duration credentialsRetry;

    ExportTiming(Duration period, Duration shutdownBudget, Duration connectTimeout, Duration readTimeout,
                 Duration attemptTimeout, Duration callTimeout, Duration logInterval, Duration credentialsRetry) {
        this.period = period;
        this.shutdownBudget = shutdownBudget;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.attemptTimeout = attemptTimeout;
        this.callTimeout = callTimeout;
        this.logInterval = logInterval;
        this.credentialsRetry = credentialsRetry;
    }

    static ExportTiming of(int reportingPeriodSeconds) {
        Duration period = Duration.ofSeconds(Math.max(1, reportingPeriodSeconds));
        // A loss line every 10 s at most while losing (the first at once): an outage costs a few
        // lines a minute, not one per batch.
        Duration logInterval = period.compareTo(Duration.ofSeconds(10)) > 0 ? period : Duration.ofSeconds(10);
        return new ExportTiming(period, Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(30), logInterval, Duration.ofSeconds(10));
    }
}
