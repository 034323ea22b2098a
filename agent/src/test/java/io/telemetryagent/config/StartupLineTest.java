package io.telemetryagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The start-up line of SPEC §1: the effective settings, never a secret. */
class StartupLineTest {

    private static TelemetryConfig config(int sampleRate, boolean router, boolean pipe, boolean backend, URI endpoint) {
        return new TelemetryConfig("orders", sampleRate, 1, router, pipe, backend, "eu-west-1", "latest",
                false, Configs.ACCESS_KEY, Configs.SECRET, endpoint);
    }

    @Test
    void describesTheSpecExample() {
        assertEquals("1.0.0 tracing \"orders\" at 10% (router, pipe, backend) to X-Ray eu-west-1 every 1 s",
                StartupLine.describe(config(10, true, true, true, null), "1.0.0"));
    }

    @Test
    void namesTheEndpointAndItsRegion() {
        assertEquals("1.0.0 tracing \"orders\" at 10% (router, pipe, backend) to X-Ray at http://127.0.0.1:4567"
                        + " (region eu-west-1) every 1 s",
                StartupLine.describe(config(10, true, true, true, URI.create("http://127.0.0.1:4567")), "1.0.0"));
    }

    @Test
    void saysWhenNoLayerIsEnabled() {
        assertEquals("1.0.0 tracing \"orders\" at 10% (no layers enabled) to X-Ray eu-west-1 every 1 s",
                StartupLine.describe(config(10, false, false, false, null), "1.0.0"));
    }

    @Test
    void listsOnlyTheEnabledLayers() {
        assertEquals("1.0.0 tracing \"orders\" at 100% (router, backend) to X-Ray eu-west-1 every 1 s",
                StartupLine.describe(config(100, true, false, true, null), "1.0.0"));
    }

    @Test
    void saysThatSampleRateZeroRecordsNothingNew() {
        assertEquals("1.0.0 tracing \"orders\" at 0% (no new traces recorded, only those sampled upstream)"
                        + " (pipe) to X-Ray eu-west-1 every 1 s",
                StartupLine.describe(config(0, false, true, false, null), "1.0.0"));
    }

    @Test
    void showsTheReportingPeriodAndLeavesOutAnUnknownAgentVersion() throws ConfigException {
        TelemetryConfig config = Configs.load(Configs.withTop("'reporting_period': 30, 'service_name': 'billing'"));
        assertEquals("tracing \"billing\" at 0% (no new traces recorded, only those sampled upstream)"
                + " (router, pipe, backend) to X-Ray eu-west-1 every 30 s", StartupLine.describe(config, null));
    }
}
