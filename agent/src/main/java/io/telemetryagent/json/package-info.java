/**
 * JSON reading for the agent: {@link io.telemetryagent.json.JsonParser}, a small strict RFC 8259
 * parser of UTF-8 bytes into immutable {@link io.telemetryagent.json.JsonValue} trees, with the
 * line and column of every error. Small on purpose: it runs on the host's start-up path.
 */
package io.telemetryagent.json;
