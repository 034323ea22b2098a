package io.telemetryagent.trace;

import java.time.Instant;

/** Wall-clock time in epoch microseconds, as X-Ray wants it. */
final class Clock {
    private Clock() {}

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
