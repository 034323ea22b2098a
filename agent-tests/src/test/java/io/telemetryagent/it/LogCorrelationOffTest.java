package io.telemetryagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.telemetryagent.testkit.Configs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code log_correlation: false}: the Logback host's lines carry no trace, in a request or not. */
class LogCorrelationOffTest extends LogCorrelationSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.LOGBACK;
    }

    @Override
    Configs config(Configs config) {
        return config.set("log_correlation", false);
    }

    @Override
    @Test
    void aLineLoggedInARequestCarriesItsTraceAndTheCurrentSpanAsTheXRaySdkWritesThem() {
        assertEquals(200, request("off", Map.of()).status());

        assertEquals("", await("request off ").trace());
        assertEquals("", await("task off").trace());
        traceOf("off"); // traced all the same
    }

    @Override
    @Test
    void anUnsampledRequestsLinesCarryItsTraceId() {
        assertEquals(200, request("off-unsampled", Map.of(Support.TRACE_HEADER, "Root=" + Support.newTraceId() + ";Sampled=0")).status());

        assertEquals("", await("request off-unsampled ").trace());
    }
}
