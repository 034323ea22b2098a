/**
 * The agent's settings: {@link io.telemetryagent.config.ConfigLoader} reads the JSON named by
 * {@code -Dtelemetry.config} (or {@code TELEMETRY_CONFIG}) once, validates it into an immutable
 * {@link io.telemetryagent.config.TelemetryConfig}, or fails with a
 * {@link io.telemetryagent.config.ConfigException} whose one-line message names the field, the
 * bad value and the fix; {@link io.telemetryagent.config.StartupLine} says what was understood.
 */
package io.telemetryagent.config;
