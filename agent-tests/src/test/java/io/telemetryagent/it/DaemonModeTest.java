package io.telemetryagent.it;

import static io.telemetryagent.it.Support.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.hosts.DemoService;
import com.example.hosts.EchoHeadersServer;
import com.fasterxml.jackson.databind.JsonNode;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.XRayDaemonListener;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * SPEC §5 daemon mode: with {@code AWS_XRAY_DAEMON_ADDRESS} or {@code exporters.xray.daemon_address},
 * every segment goes as a UDP datagram in the X-Ray daemon's format to a daemon stand-in, which
 * checks the header line and each document against the schema; no region, no credentials.
 * Side by side, each test with its own host and daemon.
 */
@ExtendWith(HostOutputOnFailure.class)
@Execution(ExecutionMode.CONCURRENT)
class DaemonModeTest {

    private static EchoHeadersServer echo;

    @BeforeAll
    static void start() {
        echo = EchoHeadersServer.start();
    }

    @AfterAll
    static void stop() {
        echo.close();
    }

    /** A block with neither region nor credentials: daemon mode needs none. */
    private static Configs withoutRegionOrCredentials(String service) {
        return Configs.toEndpoint(null).serviceName(service).remove("exporters.xray.region")
                .remove("exporters.xray.access_key_id").remove("exporters.xray.secret_access_key")
                .remove("exporters.xray.use_env");
    }

    private static JsonNode segmentWithUserAgent(XRayDaemonListener daemon, String userAgent) {
        return daemon.awaitDocuments(d -> userAgent.equals(d.at("/http/request/user_agent").asText()), 1, Support.ARRIVAL)
                .get(0);
    }

    @Test
    void sendsEachSegmentToTheDaemonTheEnvironmentNames() {
        try (XRayDaemonListener daemon = XRayDaemonListener.start();
             HostJvm host = HostJvm.builder(DemoService.class).config(withoutRegionOrCredentials("via-env"))
                     .env("AWS_XRAY_DAEMON_ADDRESS", daemon.address()).start()) {
            String userAgent = HostJvm.marker("via-env");

            assertEquals(200, host.get("/chain?to=" + encode(echo.url("/downstream")), Map.of("User-Agent", userAgent)).status());

            JsonNode segment = segmentWithUserAgent(daemon, userAgent);
            assertEquals("via-env", segment.path("name").asText());
            XRayTrace trace = daemon.awaitTrace(t -> t.traceId().equals(segment.path("trace_id").asText())
                    && t.spans().anyMatch(s -> "remote".equals(s.namespace())), Support.ARRIVAL);
            XRaySpan call = trace.span(s -> "remote".equals(s.namespace())).orElseThrow();
            assertEquals(echo.url("/downstream"), call.url());
            assertEquals(List.of(), daemon.violations(), daemon.describe());
            String startup = host.awaitStderr(l -> l.contains(" tracing \"via-env\""), Duration.ofSeconds(10));
            assertTrue(startup.contains("to X-Ray through the daemon at " + daemon.address() + " every 1 s"), startup);
            assertFalse(startup.contains("region"), startup);
            Support.assertOnlyAgentLinesOnStderr(host);
        }
    }

    @Test
    void sendsToTheDaemonTheConfigurationNames() {
        try (XRayDaemonListener daemon = XRayDaemonListener.start();
             HostJvm host = HostJvm.builder(DemoService.class)
                     .config(withoutRegionOrCredentials("via-config").set("exporters.xray.daemon_address",
                             "tcp:127.0.0.1:1 udp:" + daemon.address()))
                     .start()) {
            String userAgent = HostJvm.marker("via-config");

            assertEquals(200, host.get("/hello", Map.of("User-Agent", userAgent)).status());

            JsonNode segment = segmentWithUserAgent(daemon, userAgent);
            assertEquals("via-config", segment.path("name").asText());
            assertEquals(List.of(), daemon.violations(), daemon.describe());
            Support.assertOnlyAgentLinesOnStderr(host);
        }
    }

    @Test
    void splitsASegmentTooBigForOneDatagramIntoDocumentsThatFit() {
        try (XRayDaemonListener daemon = XRayDaemonListener.start();
             HostJvm host = HostJvm.builder(DemoService.class).config(withoutRegionOrCredentials("fanout"))
                     .env("AWS_XRAY_DAEMON_ADDRESS", daemon.address()).start()) {
            String userAgent = HostJvm.marker("fanout");
            int calls = 400;

            assertEquals(200, host.get("/fanout?n=" + calls + "&to=" + encode(echo.url("/fanout")),
                    Map.of("User-Agent", userAgent)).status());

            String traceId = segmentWithUserAgent(daemon, userAgent).path("trace_id").asText();
            XRayTrace trace = daemon.awaitTrace(t -> t.traceId().equals(traceId)
                    && t.spans().filter(s -> "remote".equals(s.namespace())).count() >= calls, Support.ARRIVAL);
            XRaySpan pipe = trace.segments().get(0).find("GET /fanout").orElseThrow(() -> new AssertionError(trace.tree()));
            assertEquals(calls, pipe.children().stream().filter(s -> "remote".equals(s.namespace())).count());
            assertTrue(daemon.documents().stream().anyMatch(d -> "subsegment".equals(d.path("type").asText())
                    && traceId.equals(d.path("trace_id").asText())), "sent as separate subsegment documents");
            assertTrue(daemon.largestDatagram() <= 65_507, "largest datagram " + daemon.largestDatagram());
            assertEquals(List.of(), daemon.violations(), daemon.describe());
        }
    }

    @Test
    void saysWhatItDropsWhenNoDaemonListens() throws Exception {
        int port;
        try (java.net.DatagramSocket closed = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        try (HostJvm host = HostJvm.builder(DemoService.class).config(withoutRegionOrCredentials("no-daemon"))
                .env("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:" + port).start()) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, host.get("/hello", Map.of()).status(), "the host serves as ever");
            }

            String line = host.awaitStderr(l -> l.contains("cannot send to the X-Ray daemon at 127.0.0.1:" + port),
                    Duration.ofSeconds(30));
            assertTrue(line.contains("nothing listens there (ICMP port unreachable)"), line);
            assertTrue(line.contains("lost") && line.contains("daemon unreachable"), line);
        }
    }

    @Test
    void loadsNoAwsSdkClass(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path classLog = dir.resolve("classes.log");
        try (XRayDaemonListener daemon = XRayDaemonListener.start();
             HostJvm host = HostJvm.builder(DemoService.class).config(withoutRegionOrCredentials("no-sdk"))
                     .env("AWS_XRAY_DAEMON_ADDRESS", daemon.address())
                     .jvmOption("-Xlog:class+load=info:file=" + classLog).start()) {
            String userAgent = HostJvm.marker("no-sdk");
            assertEquals(200, host.get("/hello", Map.of("User-Agent", userAgent)).status());
            segmentWithUserAgent(daemon, userAgent);
        }
        List<String> loaded = java.nio.file.Files.readAllLines(classLog);
        assertTrue(loaded.stream().anyMatch(l -> l.contains("io.telemetryagent.export.DaemonSender")), "the log lists the agent's classes");
        assertEquals(List.of(), loaded.stream().filter(l -> l.contains("software.amazon.awssdk")).limit(5).toList(),
                "AWS SDK classes loaded in daemon mode");
    }
}
