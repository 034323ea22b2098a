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
    private final DaemonAddress daemonAddress;
    private final boolean sanitizedQuery;
    private final boolean logCorrelation;

    /** Settings with the defaults of the later fields: no daemon, no SQL text, log correlation on. */
    public TelemetryConfig(String serviceName, int sampleRate, int reportingPeriodSeconds,
                           boolean routerEnabled, boolean pipeEnabled, boolean backendEnabled,
                           String region, String version, boolean useEnv,
                           String accessKeyId, String secretAccessKey, URI endpoint) {
        this(serviceName, sampleRate, reportingPeriodSeconds, routerEnabled, pipeEnabled, backendEnabled,
                region, version, useEnv, accessKeyId, secretAccessKey, endpoint, null, false, true);
    }

    public TelemetryConfig(String serviceName, int sampleRate, int reportingPeriodSeconds,
                           boolean routerEnabled, boolean pipeEnabled, boolean backendEnabled,
                           String region, String version, boolean useEnv,
                           String accessKeyId, String secretAccessKey, URI endpoint,
                           DaemonAddress daemonAddress, boolean sanitizedQuery, boolean logCorrelation) {
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
        this.daemonAddress = daemonAddress;
        this.sanitizedQuery = sanitizedQuery;
        this.logCorrelation = logCorrelation;
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
    /** The region to send to and sign for; null in daemon mode when the block gives none. */
    public String region() { return region; }
    /** Written to every segment as {@code service.version}. */
    public String version() { return version; }
    /** True: credentials come from the environment; the key fields are null. */
    public boolean useEnv() { return useEnv; }
    /** The static key, or null: {@code use_env}, or daemon mode without keys. */
    public String accessKeyId() { return accessKeyId; }
    public String secretAccessKey() { return secretAccessKey; }
    /** The X-Ray endpoint to call, or null for the region's public one. */
    public URI endpoint() { return endpoint; }
    /**
     * {@code exporters.xray.daemon_address}: send documents over UDP to this X-Ray daemon (or
     * collector) instead of calling X-Ray; null when absent. Region and credentials are then optional.
     */
    public DaemonAddress daemonAddress() { return daemonAddress; }
    /** {@code sanitized_query}: record SQL statement text, literals removed, as {@code sql.sanitized_query}. */
    public boolean sanitizedQuery() { return sanitizedQuery; }
    /** {@code log_correlation}: put the trace id in the application's logging context (MDC). */
    public boolean logCorrelation() { return logCorrelation; }

    @Override
    public String toString() {
        return "TelemetryConfig{service=" + serviceName + ", sampleRate=" + sampleRate
                + ", reportingPeriod=" + reportingPeriodSeconds + "s, router=" + routerEnabled
                + ", pipe=" + pipeEnabled + ", backend=" + backendEnabled + ", region=" + region
                + ", version=" + version + ", useEnv=" + useEnv + ", endpoint=" + endpoint + ", daemonAddress=" + daemonAddress + ", sanitizedQuery=" + sanitizedQuery
                + ", logCorrelation=" + logCorrelation + "}";
    }
}
