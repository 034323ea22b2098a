package io.telemetryagent.config;

import static io.telemetryagent.config.Configs.KEYS;
import static io.telemetryagent.config.Configs.XRAY;
import static io.telemetryagent.config.Configs.assertProblem;
import static io.telemetryagent.config.Configs.assertRejected;
import static io.telemetryagent.config.Configs.load;
import static io.telemetryagent.config.Configs.withXray;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** exporters.xray.daemon_address: its two forms, what it makes optional, and each bad value. */
class DaemonModeTest {

    private static final String RULE = "must be \"host:port\" (e.g. \"127.0.0.1:2000\") or"
            + " \"tcp:host:port udp:host:port\", with a port from 1 to 65535; remove it to send to X-Ray's API";

    @Test
    void isAbsentByDefault() throws ConfigException {
        assertNull(load(withXray(XRAY)).daemonAddress());
    }

    @Test
    void needsNeitherRegionNorCredentials() throws ConfigException {
        TelemetryConfig config = load(withXray("'daemon_address': '127.0.0.1:2000'"));
        DaemonAddress daemon = config.daemonAddress();
        assertEquals("127.0.0.1", daemon.udpHost());
        assertEquals(2000, daemon.udpPort());
        assertEquals("127.0.0.1", daemon.tcpHost());
        assertEquals(2000, daemon.tcpPort());
        assertNull(config.region());
        assertNull(config.accessKeyId());
        assertNull(config.secretAccessKey());
    }

    @Test
    void readsTheTcpUdpFormInEitherOrder() throws ConfigException {
        DaemonAddress daemon = load(withXray("'daemon_address': 'tcp:10.0.0.1:2001 udp:xray-daemon:2000'")).daemonAddress();
        assertEquals("xray-daemon", daemon.udpHost());
        assertEquals(2000, daemon.udpPort());
        assertEquals("10.0.0.1", daemon.tcpHost());
        assertEquals(2001, daemon.tcpPort());
        assertEquals("tcp:10.0.0.1:2001 udp:xray-daemon:2000", daemon.toString());
        assertEquals("xray-daemon", load(withXray("'daemon_address': ' udp:xray-daemon:2000 tcp:10.0.0.1:2001 '"))
                .daemonAddress().udpHost());
    }

    @Test
    void readsABracketedIpv6Address() throws ConfigException {
        DaemonAddress daemon = load(withXray("'daemon_address': '[::1]:2000'")).daemonAddress();
        assertEquals("::1", daemon.udpHost());
        assertEquals("[::1]:2000", daemon.toString());
    }

    @Test
    void stillChecksARegionAndKeysWhenGiven() throws ConfigException {
        TelemetryConfig config = load(withXray(XRAY + ", 'daemon_address': 'localhost:2000'"));
        assertEquals("eu-west-1", config.region());
        assertEquals(Configs.ACCESS_KEY, config.accessKeyId());
        assertRejected(withXray("'region': 'Ireland', 'daemon_address': 'localhost:2000'"),
                "exporters.xray.region is \"Ireland\",");
        assertRejected(withXray("'daemon_address': 'localhost:2000', 'access_key_id': 'AKIAQUOKKA1234567890'"),
                "exporters.xray.secret_access_key is missing");
    }

    @Test
    void rejectsAPortOutOfRange() {
        assertProblem(withXray("'daemon_address': '127.0.0.1:99999'"),
                "exporters.xray.daemon_address is \"127.0.0.1:99999\", " + RULE);
        assertRejected(withXray("'daemon_address': '127.0.0.1:0'"), "daemon_address is \"127.0.0.1:0\", must be");
    }

    @Test
    void rejectsEachMalformedForm() {
        for (String bad : new String[] {"", " ", "127.0.0.1", "127.0.0.1:", ":2000", "127.0.0.1:20x0",
                "http://127.0.0.1:2000", "udp:127.0.0.1:2000", "tcp:a:1 tcp:b:2", "tcp:a:1 udp:b:2 udp:c:3",
                "tcp:a:1 foo:b:2", "::1:2000", "user@host:2000"}) {
            assertRejected(withXray("'daemon_address': '" + bad + "'"),
                    "exporters.xray.daemon_address is \"" + bad + "\", " + RULE);
        }
    }

    @Test
    void rejectsANonString() {
        assertProblem(withXray("'daemon_address': 2000"), "exporters.xray.daemon_address is 2000, " + RULE);
    }

    @Test
    void rejectsAnEndpointBesideIt() {
        assertRejected(withXray(XRAY + ", 'daemon_address': '127.0.0.1:2000', 'endpoint': 'http://127.0.0.1:4567'"),
                "exporters.xray has both endpoint and daemon_address; give one");
    }

    @Test
    void withoutItCredentialsAreStillRequired() {
        assertRejected(withXray("'region': 'eu-west-1'"), "exporters.xray has no credentials");
        assertRejected(withXray(KEYS), "exporters.xray.region is missing");
    }

    @Test
    void theStartupLineNamesTheDaemon() throws ConfigException {
        TelemetryConfig config = load(Configs.json("{'service_name': 'orders', 'sample_rate': 10,"
                + " 'exporters': {'xray': {'daemon_address': '127.0.0.1:2000'}}}"));
        assertEquals("1.0.0 tracing \"orders\" at 10% (router, pipe, backend) to X-Ray through the daemon at"
                + " 127.0.0.1:2000 every 1 s", StartupLine.describe(config, "1.0.0"));
    }
}
