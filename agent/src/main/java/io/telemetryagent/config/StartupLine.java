package io.telemetryagent.config;

/**
 * The line the agent prints at start (SPEC §1), with the effective settings and never a secret:
 * {@code 1.0.0 tracing "orders" at 10% (router, pipe, backend) to X-Ray eu-west-1 every 1 s}.
 */
public final class StartupLine {

    private StartupLine() {}

    /**
     * @param agentVersion the agent's version, or null when unknown (it is then left out)
     * @return the line without the {@code [telemetry-agent] } prefix
     */
    public static String describe(TelemetryConfig config, String agentVersion) {
        StringBuilder line = new StringBuilder();
        if (agentVersion != null && !agentVersion.isEmpty()) {
            line.append(agentVersion).append(' ');
        }
        line.append("tracing \"").append(config.serviceName()).append("\" at ").append(config.sampleRate()).append('%');
        if (config.sampleRate() == 0) {
            line.append(" (no new traces recorded, only those sampled upstream)");
        }
        line.append(' ').append(layers(config)).append(" to X-Ray ");
        if (config.daemonAddress() != null) {
            line.append("through the daemon at ").append(config.daemonAddress());
        } else if (config.endpoint() != null) {
            line.append("at ").append(config.endpoint()).append(" (region ").append(config.region()).append(')');
        } else {
            line.append(config.region());
        }
        return line.append(" every ").append(config.reportingPeriodSeconds()).append(" s").toString();
    }

    private static String layers(TelemetryConfig config) {
        StringBuilder on = new StringBuilder();
        if (config.routerEnabled()) on.append("router");
        if (config.pipeEnabled()) on.append(on.length() > 0 ? ", " : "").append("pipe");
        if (config.backendEnabled()) on.append(on.length() > 0 ? ", " : "").append("backend");
        return on.length() == 0 ? "(no layers enabled)" : "(" + on + ")";
    }
}
