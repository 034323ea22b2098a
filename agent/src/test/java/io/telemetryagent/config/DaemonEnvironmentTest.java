package io.telemetryagent.config;

import static io.telemetryagent.config.Configs.MAIN;
import static io.telemetryagent.config.Configs.XRAY;
import static io.telemetryagent.config.Configs.rejection;
import static io.telemetryagent.config.Configs.withXray;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** AWS_XRAY_DAEMON_ADDRESS: daemon mode from the environment, as the X-Ray SDKs read it. */
class DaemonEnvironmentTest {

    private static TelemetryConfig load(String inline, String daemonAddress) throws ConfigException {
        return ConfigLoader.load(inline, Map.of("AWS_XRAY_DAEMON_ADDRESS", daemonAddress), MAIN);
    }

    @Test
    void turnsOnDaemonModeWithoutRegionOrCredentials() throws ConfigException {
        TelemetryConfig config = load(withXray(""), "127.0.0.1:2000");
        assertEquals("127.0.0.1:2000", config.daemonAddress().toString());
        assertNull(config.region());
        assertNull(config.accessKeyId());
    }

    @Test
    void readsTheTcpUdpForm() throws ConfigException {
        DaemonAddress daemon = load(withXray(XRAY), "tcp:10.0.0.1:2001 udp:10.0.0.2:2000").daemonAddress();
        assertEquals("10.0.0.2", daemon.udpHost());
        assertEquals(2000, daemon.udpPort());
    }

    @Test
    void overridesTheConfiguredDaemonAddress() throws ConfigException {
        TelemetryConfig config = load(withXray("'daemon_address': '10.9.9.9:2000'"), "xray-daemon:3000");
        assertEquals("xray-daemon:3000", config.daemonAddress().toString());
    }

    @Test
    void anEmptyValueIsUnset() throws ConfigException {
        assertNull(load(withXray(XRAY), " ").daemonAddress());
    }

    @Test
    void rejectsAMalformedValueNamingTheVariable() {
        String message = rejection(withXray(XRAY), Map.of("AWS_XRAY_DAEMON_ADDRESS", "localhost"));
        assertEquals("configuration error: the environment variable AWS_XRAY_DAEMON_ADDRESS is \"localhost\", must be"
                + " \"host:port\" (e.g. \"127.0.0.1:2000\") or \"tcp:host:port udp:host:port\", with a port from 1 to"
                + " 65535; correct it, or unset it to send to X-Ray's API; tracing is off, the application runs normally",
                message);
    }

    @Test
    void rejectsAnEndpointBesideIt() {
        String message = rejection(withXray(XRAY + ", 'endpoint': 'http://127.0.0.1:4567'"),
                Map.of("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000"));
        assertTrue(message.contains("AWS_XRAY_DAEMON_ADDRESS is set (127.0.0.1:2000) and so is exporters.xray.endpoint;"),
                message);
    }

    @Test
    void theStartupLineNamesTheDaemonInsteadOfARegion() throws ConfigException {
        TelemetryConfig config = load(Configs.json("{'service_name': 'orders', 'sample_rate': 10,"
                + " 'exporters': {'xray': {'region': 'eu-west-1', 'use_env': true}}}"), "127.0.0.1:2000");
        assertEquals("1.0.0 tracing \"orders\" at 10% (router, pipe, backend) to X-Ray through the daemon at"
                + " 127.0.0.1:2000 every 1 s", StartupLine.describe(config, "1.0.0"));
    }
}
