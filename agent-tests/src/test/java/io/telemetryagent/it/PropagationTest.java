package io.telemetryagent.it;

import static io.telemetryagent.it.Support.TRACE_HEADER;
import static io.telemetryagent.it.Support.TRACE_ID;
import static io.telemetryagent.it.Support.encode;
import static io.telemetryagent.it.Support.newSegmentId;
import static io.telemetryagent.it.Support.newTraceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.hosts.DemoService;
import com.example.hosts.EchoHeadersServer;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.XRayReceiver;
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
 * SPEC §4: the inbound {@code X-Amzn-Trace-Id} decides whether and where a request joins a trace,
 * the outbound one carries the decision on, and two JVMs with the agent form one trace.
 */
@ExtendWith(HostOutputOnFailure.class)
@Execution(ExecutionMode.CONCURRENT)
class PropagationTest {

    private static XRayReceiver receiver;
    private static EchoHeadersServer echo;
    /** sample_rate 100: records every new trace. */
    private static HostJvm edge;
    /** sample_rate 0: records only what an upstream says is sampled. */
    private static HostJvm quiet;

    @BeforeAll
    static void start() {
        receiver = XRayReceiver.startNew();
        echo = EchoHeadersServer.start();
        edge = HostJvm.builder(DemoService.class).config(Configs.to(receiver).serviceName("edge").sampleRate(100)).start();
        quiet = HostJvm.builder(DemoService.class).config(Configs.to(receiver).serviceName("quiet").sampleRate(0)).start();
    }

    @AfterAll
    static void stop() {
        for (HostJvm host : new HostJvm[] {edge, quiet}) {
            if (host != null) {
                host.close();
            }
        }
        echo.close();
        receiver.close();
    }

    @Test
    void joinsUpstreamTraceFromHeader() {
        String root = newTraceId();
        String parent = newSegmentId();

        edge.get("/hello", Map.of(TRACE_HEADER, "Root=" + root + ";Parent=" + parent + ";Sampled=1"));

        XRayTrace trace = receiver.awaitTrace(t -> t.traceId().equals(root), Support.ARRIVAL);
        XRaySpan segment = trace.segments().get(0);
        assertEquals("edge", segment.name());
        assertEquals(parent, segment.parentId());
    }

    @Test
    void joinsAnUpstreamTraceGivenInUppercaseHexWithItsIdsInLowercase() {
        // Issue 18: the uppercase Root= was written into trace_id as is, and X-Ray refused it.
        String root = newTraceId();
        String parent = newSegmentId();

        edge.get("/hello", Map.of(TRACE_HEADER, "Root=" + root.toUpperCase(java.util.Locale.ROOT)
                + ";Parent=" + parent.toUpperCase(java.util.Locale.ROOT) + ";Sampled=1"));

        XRaySpan segment = receiver.awaitTrace(t -> t.traceId().equals(root), Support.ARRIVAL).segments().get(0);
        assertEquals("edge", segment.name());
        assertEquals(parent, segment.parentId());
    }

    @Test
    void recordsSampledRequestsEvenAtSampleRateZero() {
        String root = newTraceId();
        String parent = newSegmentId();

        quiet.get("/hello", Map.of(TRACE_HEADER, "Root=" + root + ";Parent=" + parent + ";Sampled=1"));

        XRaySpan segment = receiver.awaitTrace(t -> t.traceId().equals(root), Support.ARRIVAL).segments().get(0);
        assertEquals("quiet", segment.name());
        assertEquals(parent, segment.parentId());
    }

    @Test
    void acceptsHeaderKeysInAnyOrderAndASelfKey() {
        String root = newTraceId();
        String parent = newSegmentId();

        edge.get("/hello", Map.of(TRACE_HEADER,
                "Self=1-67891234-12456789abcdef012345678a;Sampled=1;Parent=" + parent + ";Root=" + root));

        XRaySpan segment = receiver.awaitTrace(t -> t.traceId().equals(root), Support.ARRIVAL).segments().get(0);
        assertEquals(parent, segment.parentId());
    }

    @Test
    void recordsNothingWhenUpstreamSaysNotSampledAndSaysSoDownstream() {
        String root = newTraceId();
        String parent = newSegmentId();
        String path = "/unsampled/" + HostJvm.marker("s0");

        HttpResult response = edge.get("/chain?to=" + encode(echo.url(path)),
                Map.of(TRACE_HEADER, "Root=" + root + ";Parent=" + parent + ";Sampled=0"));

        assertEquals(200, response.status());
        Map<String, String> outbound = Support.parseTraceHeader(echo.await(path, Duration.ofSeconds(5)).header(TRACE_HEADER));
        assertEquals(root, outbound.get("Root"));
        assertEquals("0", outbound.get("Sampled"));
        assertTrue(outbound.containsKey("Parent"), "outbound header names a parent: " + outbound);
        Support.sendControlAndAwait(edge, receiver, Map.of());
        assertEquals(List.of(), docsOfTrace(root), "an unsampled request was exported");
    }

    /**
     * SPEC §4 for a trace this JVM starts and does not sample: every call carries the request's
     * one {@code Root}, {@code Sampled=0} and a {@code Parent}, a new one per call (the calls
     * record nothing, so they name no id of a span of theirs).
     */
    @Test
    void callsOfATraceStartedHereUnsampledCarryItsRootAndEachAParent() {
        String path = "/unsampled-new/" + HostJvm.marker("new0");

        HttpResult response = quiet.get("/fanout?n=2&to=" + encode(echo.url(path)), Map.of());

        assertEquals(200, response.status(), response.toString());
        List<Map<String, String>> sent = echo.received().stream().filter(r -> r.path().equals(path))
                .map(r -> Support.parseTraceHeader(r.header(TRACE_HEADER))).toList();
        assertEquals(2, sent.size(), "both calls arrived: " + echo.received());
        for (Map<String, String> header : sent) {
            assertTrue(String.valueOf(header.get("Root")).matches("1-[0-9a-f]{8}-[0-9a-f]{24}"), "Root: " + header);
            assertEquals("0", header.get("Sampled"), "not sampled: " + header);
            assertTrue(String.valueOf(header.get("Parent")).matches("[0-9a-f]{16}"), "a Parent: " + header);
        }
        assertEquals(sent.get(0).get("Root"), sent.get(1).get("Root"), "one trace for the request's calls");
        assertFalse(sent.get(0).get("Parent").equals(sent.get(1).get("Parent")), "a Parent per call: " + sent);
        Support.sendControlAndAwait(quiet, receiver, Map.of(TRACE_HEADER, "Root=" + newTraceId() + ";Sampled=1"));
        assertEquals(List.of(), docsOfTrace(sent.get(0).get("Root")), "an unsampled request was exported");
    }

    @Test
    void answersSampledQuestionWithTheDecisionAndRecords() {
        String root = newTraceId();

        HttpResult response = edge.get("/hello", Map.of(TRACE_HEADER, "Root=" + root + ";Sampled=?"));

        Map<String, String> answered = Support.parseTraceHeader(response.header(TRACE_HEADER));
        assertEquals(root, answered.get("Root"));
        assertEquals("1", answered.get("Sampled"));
        XRaySpan segment = receiver.awaitTrace(t -> t.traceId().equals(root), Support.ARRIVAL).segments().get(0);
        assertNull(segment.parentId());
    }

    @Test
    void answersSampledQuestionWithTheDecisionAndSkipsAtSampleRateZero() {
        String root = newTraceId();

        HttpResult response = quiet.get("/hello", Map.of(TRACE_HEADER, "Root=" + root + ";Sampled=?"));

        assertEquals(200, response.status());
        Map<String, String> answered = Support.parseTraceHeader(response.header(TRACE_HEADER));
        assertEquals(root, answered.get("Root"));
        assertEquals("0", answered.get("Sampled"));
        Support.sendControlAndAwait(quiet, receiver,
                Map.of(TRACE_HEADER, "Root=" + newTraceId() + ";Sampled=1"));
        assertEquals(List.of(), docsOfTrace(root));
    }

    @Test
    void keepsTheRootWhenSampledIsAbsentAndLetsTheSampleRateDecide() {
        String root = newTraceId();
        String parent = newSegmentId();

        edge.get("/hello", Map.of(TRACE_HEADER, "Root=" + root + ";Parent=" + parent));

        XRaySpan segment = receiver.awaitTrace(t -> t.traceId().equals(root), Support.ARRIVAL).segments().get(0);
        assertEquals(parent, segment.parentId());
    }

    @Test
    void carriesLineageThroughUnchanged() {
        String root = newTraceId();
        String path = "/lineage/" + HostJvm.marker("lineage");

        edge.get("/chain?to=" + encode(echo.url(path)),
                Map.of(TRACE_HEADER, "Root=" + root + ";Parent=" + newSegmentId() + ";Sampled=1;Lineage=a87bd80c:1|68fd508a:5"));

        Map<String, String> outbound = Support.parseTraceHeader(echo.await(path, Duration.ofSeconds(5)).header(TRACE_HEADER));
        assertEquals(root, outbound.get("Root"));
        assertEquals("a87bd80c:1|68fd508a:5", outbound.get("Lineage"));
    }

    @Test
    void ignoresAMalformedHeaderAndStartsANewTrace() {
        for (String malformed : List.of("Root=not-a-trace-id;Sampled=1", "garbage", "Root=1-5759e988-bd862e3fe1be46a99427279;Sampled=1")) {
            String userAgent = HostJvm.marker("malformed");

            HttpResult response = edge.get("/hello", Map.of(TRACE_HEADER, malformed, "User-Agent", userAgent));

            assertEquals(200, response.status(), malformed);
            XRaySpan segment = Support.segmentOf(receiver, userAgent);
            assertTrue(TRACE_ID.matcher(segment.text("/trace_id")).matches(), segment.text("/trace_id"));
            assertTrue(!segment.text("/trace_id").contains("bd862e3fe1be46a99427279"), malformed);
            assertNull(segment.parentId(), malformed);
        }
    }

    @Test
    void ignoresAHeaderOver256Characters() {
        String root = newTraceId();
        String parent = newSegmentId();
        String header = "Root=" + root + ";Parent=" + parent + ";Sampled=1;Padding=" + "x".repeat(256);
        String userAgent = HostJvm.marker("long");

        HttpResult response = edge.get("/hello", Map.of(TRACE_HEADER, header, "User-Agent", userAgent));

        assertEquals(200, response.status());
        XRaySpan segment = Support.segmentOf(receiver, userAgent);
        assertNotEquals(root, segment.text("/trace_id"));
        assertNull(segment.parentId());
    }

    @Test
    void joinsTwoJvmsIntoOneTrace() {
        try (HostJvm downstream = HostJvm.builder(DemoService.class)
                .config(Configs.to(receiver).serviceName("inventory").sampleRate(100)).start()) {
            String userAgent = HostJvm.marker("two-jvms");

            HttpResult response = edge.get("/chain?to=" + encode(downstream.url("/hello")), Map.of("User-Agent", userAgent));

            assertEquals(200, response.status());
            assertEquals("hello", response.body());
            XRayTrace trace = receiver.awaitTrace(t -> t.span(s -> userAgent.equals(s.userAgent())).isPresent()
                    && t.segment("inventory").isPresent(), Support.ARRIVAL);
            XRaySpan upstream = trace.segment("edge").orElseThrow();
            XRaySpan inventory = trace.segment("inventory").orElseThrow();
            XRaySpan call = upstream.find(s -> "remote".equals(s.namespace()))
                    .orElseThrow(() -> new AssertionError(trace.tree()));
            assertEquals(upstream.text("/trace_id"), inventory.text("/trace_id"));
            assertEquals(call.id(), inventory.parentId(), trace.tree());
            assertEquals(2, trace.segments().size(), trace.tree());
        }
    }

    private static List<String> docsOfTrace(String traceId) {
        return receiver.documents().stream().filter(d -> traceId.equals(d.path("trace_id").asText()))
                .map(Object::toString).toList();
    }
}
