package io.telemetryagent.config;

import java.net.URI;

/**
 * The validated, immutable settings of one agent: the {@code telemetry/opencensus} block with every
 * default applied. Never holds raw JSON; {@link #toString()} never shows a secret.
 */
public final class TelemetryConfig {

    private final String serviceName;
    private final int sampleRate;
    private final int reportingPeriodSeconds;
    private final boolean routerEnabled;
    private final boolean pipeEnabled;
    private final boolean backendEnabled;
    private final String region;
    private final String version;
    private final boolean useEnv;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final URI endpoint;

    public TelemetryConfig(String serviceName, int sampleRate, int reportingPeriodSeconds,
                           boolean routerEnabled, boolean pipeEnabled, boolean backendEnabled,
                           String region, String version, boolean useEnv,
                           String accessKeyId, String secretAccessKey, URI endpoint) {
        this.serviceName = serviceName;
        this.sampleRate = sampleRate;
        this.reportingPeriodSeconds = reportingPeriodSeconds;
        this.routerEnabled = routerEnabled;
        this.pipeEnabled = pipeEnabled;
        this.backendEnabled = backendEnabled;
        this.region = region;
        this.version = version;
        this.useEnv = useEnv;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.endpoint = endpoint;
    }

    /** The segment name: {@code service_name}, else AWS_XRAY_TRACING_NAME, else the main class or jar. */
    public String serviceName() { return serviceName; }
    /** Percentage 0–100 of new traces recorded. */
    public int sampleRate() { return sampleRate; }
    /** Seconds between exports, at least 1. */
    public int reportingPeriodSeconds() { return reportingPeriodSeconds; }
    public boolean routerEnabled() { return routerEnabled; }
    public boolean pipeEnabled() { return pipeEnabled; }
    public boolean backendEnabled() { return backendEnabled; }
    public String region() { return region; }
    /** Written to every segment as {@code service.version}. */
    public String version() { return version; }
    /** True: credentials come from the environment; the key fields are null. */
    public boolean useEnv() { return useEnv; }
    public String accessKeyId() { return accessKeyId; }
    public String secretAccessKey() { return secretAccessKey; }
    /** The X-Ray endpoint to call, or null for the region's public one. */
    public URI endpoint() { return endpoint; }

    @Override
    public String toString() {
        return "TelemetryConfig{service=" + serviceName + ", sampleRate=" + sampleRate
                + ", reportingPeriod=" + reportingPeriodSeconds + "s, router=" + routerEnabled
                + ", pipe=" + pipeEnabled + ", backend=" + backendEnabled + ", region=" + region
                + ", version=" + version + ", useEnv=" + useEnv + ", endpoint=" + endpoint + "}";
    }
}
