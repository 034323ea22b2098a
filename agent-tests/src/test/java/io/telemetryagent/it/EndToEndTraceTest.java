package io.telemetryagent.it;

import static io.telemetryagent.it.Support.ARRIVAL;
import static io.telemetryagent.it.Support.SEGMENT_ID;
import static io.telemetryagent.it.Support.TRACE_HEADER;
import static io.telemetryagent.it.Support.TRACE_ID;
import static io.telemetryagent.it.Support.encode;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.example.hosts.DemoService;
import com.example.hosts.EchoHeadersServer;
import com.fasterxml.jackson.databind.JsonNode;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.Jdk;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC §3 and §4 end to end: one request through a real host (router, pipe and backend layers)
 * arrives at the receiver as one trace, and the trace header that crossed the socket names it.
 */
@ExtendWith(HostOutputOnFailure.class)
@Execution(ExecutionMode.CONCURRENT)
class EndToEndTraceTest {

    private static XRayReceiver receiver;
    private static EchoHeadersServer echo;
    private static HostJvm host;

    @BeforeAll
    static void start() {
        receiver = XRayReceiver.startNew();
        echo = EchoHeadersServer.start();
        host = HostJvm.builder(DemoService.class).config(Configs.to(receiver).serviceName("orders")).start();
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
        echo.close();
        receiver.close();
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"current", "temurin25"})
    void recordsRouterPipeAndBackendAsOneTrace(String jdkName) {
        Optional<Jdk> jdk = Jdk.named(jdkName);
        assumeTrue(jdk.isPresent(), "no Temurin 25 at " + Jdk.TEMURIN_25_HOME);
        String service = "checkout-" + jdkName;
        // As users run it: the JVM's own JIT and GC settings.
        try (HostJvm checkout = HostJvm.builder(DemoService.class).jdk(jdk.get()).jvmDefaults()
                .config(Configs.to(receiver).serviceName(service)).start()) {
            String userAgent = HostJvm.marker("e2e");
            String downstreamPath = "/inventory/" + userAgent;
            double before = System.currentTimeMillis() / 1000.0;

            HttpResult response = checkout.get("/chain?to=" + encode(echo.url(downstreamPath)) + "&debug=1",
                    Map.of("User-Agent", userAgent));

            double after = System.currentTimeMillis() / 1000.0;
            assertEquals(200, response.status(), response.body());
            assertEquals("echo", response.body());
            XRayTrace trace = Support.traceOf(receiver, userAgent);
            assertEquals(1, trace.segments().size(), trace.tree());
            XRaySpan segment = trace.segments().get(0);
            XRaySpan pipe = single(segment.children(), trace);
            XRaySpan backend = single(pipe.children(), trace);

            assertAll("segment (router span)",
                    () -> assertTrue(segment.isSegment()),
                    () -> assertEquals(service, segment.name()),
                    () -> assertTrue(TRACE_ID.matcher(segment.text("/trace_id")).matches(), segment.text("/trace_id")),
                    () -> assertTrue(SEGMENT_ID.matcher(segment.id()).matches(), segment.id()),
                    () -> assertNull(segment.parentId(), "a new trace has no parent_id"),
                    () -> assertEquals("GET", segment.text("/http/request/method")),
                    () -> assertEquals(checkout.url("/chain"), segment.url(), "url without query string"),
                    () -> assertEquals("127.0.0.1", segment.text("/http/request/client_ip")),
                    () -> assertEquals(userAgent, segment.userAgent()),
                    () -> assertEquals(200, segment.status()),
                    () -> assertEquals(4, segment.doc().at("/http/response/content_length").asInt(-1), "content_length"),
                    () -> assertEquals(Configs.VERSION, segment.text("/service/version")),
                    () -> assertTrue(segment.doc().at("/aws/xray/auto_instrumentation").asBoolean(false),
                            "aws.xray.auto_instrumentation: " + segment.doc().path("aws")),
                    () -> assertTrue(mentions(segment.doc().at("/aws/xray"), "telemetry-agent"),
                            "aws.xray names the agent: " + segment.doc().path("aws")),
                    () -> assertTrue(mentions(segment.doc().at("/aws/xray"), Support.agentVersion()),
                            "aws.xray names the agent's version " + Support.agentVersion() + ": " + segment.doc().path("aws")),
                    () -> assertFalse(segment.error() || segment.fault() || segment.throttle()),
                    () -> assertTrue(segment.startTime() >= before - 1 && segment.endTime() <= after + 1,
                            "start/end in epoch seconds around the request"),
                    () -> assertTrue(hasMicroseconds(segment.startTime()) || hasMicroseconds(segment.endTime()),
                            "epoch seconds with sub-millisecond precision: " + segment.startTime()));
            assertAll("pipe span",
                    () -> assertFalse(pipe.isSegment()),
                    () -> assertEquals("GET /chain", pipe.name()),
                    () -> assertTrue(SEGMENT_ID.matcher(pipe.id()).matches(), pipe.id()),
                    () -> assertNull(pipe.namespace()),
                    () -> assertWithin(segment, pipe));
            assertAll("backend span",
                    () -> assertFalse(backend.isSegment()),
                    () -> assertEquals("127.0.0.1", backend.name()),
                    () -> assertEquals("remote", backend.namespace()),
                    () -> assertTrue(SEGMENT_ID.matcher(backend.id()).matches(), backend.id()),
                    () -> assertEquals("GET", backend.text("/http/request/method")),
                    () -> assertEquals(echo.url(downstreamPath), backend.url()),
                    () -> assertTrue(backend.doc().at("/http/request/traced").asBoolean(false), "http.request.traced"),
                    () -> assertEquals(200, backend.status()),
                    () -> assertEquals(4, backend.doc().at("/http/response/content_length").asInt(-1), "content_length"),
                    () -> assertWithin(pipe, backend));

            EchoHeadersServer.Received downstream = echo.await(downstreamPath, Duration.ofSeconds(5));
            assertEquals(1, downstream.headers(TRACE_HEADER).size(), downstream.toString());
            Map<String, String> header = Support.parseTraceHeader(downstream.header(TRACE_HEADER));
            assertEquals(segment.text("/trace_id"), header.get("Root"));
            assertEquals(backend.id(), header.get("Parent"));
            assertEquals("1", header.get("Sampled"));

            Support.assertNoSchemaViolations(receiver);
            assertEquals(List.of(), receiver.authFailures());
            Support.assertOnlyAgentLinesOnStderr(checkout);
        }
    }

    @Test
    void sendsTheTraceHeaderWithTheBackendSubsegmentAsParent() {
        String userAgent = HostJvm.marker("header");
        String path = "/header/" + userAgent;

        assertEquals(200, host.get("/chain?to=" + encode(echo.url(path)), Map.of("User-Agent", userAgent)).status());

        Map<String, String> header = Support.parseTraceHeader(echo.await(path, Duration.ofSeconds(5)).header(TRACE_HEADER));
        XRayTrace trace = Support.traceOf(receiver, userAgent);
        XRaySpan backend = trace.span(s -> "remote".equals(s.namespace())).orElseThrow(() -> new AssertionError(trace.tree()));
        assertEquals(trace.traceId(), header.get("Root"));
        assertEquals(backend.id(), header.get("Parent"));
        assertEquals("1", header.get("Sampled"));
    }

    @Test
    void keepsATraceHeaderTheAppSetItself() {
        String own = "Root=" + Support.newTraceId() + ";Parent=" + Support.newSegmentId() + ";Sampled=1";
        String path = "/own/" + HostJvm.marker("own");

        HttpResult response = host.get("/chain?to=" + encode(echo.url(path)) + "&trace_header=" + encode(own));

        assertEquals(200, response.status());
        EchoHeadersServer.Received downstream = echo.await(path, Duration.ofSeconds(5));
        assertEquals(List.of(own), downstream.headers(TRACE_HEADER), "the app's own header, alone and unchanged");
    }

    @Test
    void recordsUrlsWithoutQueryStringPathParametersOrUserInfo() {
        String userAgent = HostJvm.marker("urls");
        String path = "/private/" + userAgent;
        String target = "http://user:password@127.0.0.1:" + echo.port() + path + ";jsessionid=SESSION42?token=SECRET42";

        assertEquals(200, host.get("/chain?to=" + encode(target) + "&apikey=SECRET43", Map.of("User-Agent", userAgent)).status());

        XRayTrace trace = Support.traceOf(receiver, userAgent);
        XRaySpan backend = trace.span(s -> "remote".equals(s.namespace())).orElseThrow(() -> new AssertionError(trace.tree()));
        assertEquals(echo.url(path), backend.url());
        assertEquals(host.url("/chain"), trace.segments().get(0).url());
        String all = trace.spans().map(s -> s.doc().toString()).reduce("", String::concat);
        for (String secret : List.of("SECRET42", "SECRET43", "SESSION42", "password")) {
            assertFalse(all.contains(secret), secret + " was recorded: " + all);
        }
    }

    @Test
    void takesTheClientIpFromTheFirstForwardedForHop() {
        String userAgent = HostJvm.marker("xff");

        host.get("/hello", Map.of("User-Agent", userAgent, "X-Forwarded-For", "203.0.113.7, 10.0.0.1"));

        XRaySpan segment = Support.segmentOf(receiver, userAgent);
        assertEquals("203.0.113.7", segment.text("/http/request/client_ip"));
        assertTrue(segment.doc().at("/http/request/x_forwarded_for").asBoolean(false), "x_forwarded_for: true");
    }

    @Test
    void tracesAContextBehindAFilterAndNamesThePipeAfterTheContext() {
        String userAgent = HostJvm.marker("filter");

        HttpResult response = host.get("/filtered", Map.of("User-Agent", userAgent));

        assertEquals(200, response.status());
        assertEquals("yes", response.header("X-Filtered"), "the app's filter still ran");
        XRayTrace trace = Support.traceOf(receiver, userAgent);
        XRaySpan segment = trace.segments().get(0);
        assertEquals("GET /filtered", single(segment.children(), trace).name());
    }

    @Test
    void dropsCharactersXRayNamesDoNotAllow() {
        String userAgent = HostJvm.marker("odd");

        assertEquals("odd", host.get("/odd%7Bname%7D", Map.of("User-Agent", userAgent)).body());

        XRayTrace trace = Support.traceOf(receiver, userAgent);
        XRaySpan pipe = single(trace.segments().get(0).children(), trace);
        assertEquals("GET /oddname", pipe.name(), "braces dropped from the context path /odd{name}");
        Support.assertNoSchemaViolations(receiver);
    }

    @Test
    void tracesLambdaHandlers() {
        String userAgent = HostJvm.marker("lambda");

        assertEquals("hello", host.get("/hello", Map.of("User-Agent", userAgent)).body());

        XRayTrace trace = Support.traceOf(receiver, userAgent);
        assertEquals("GET /hello", single(trace.segments().get(0).children(), trace).name());
    }

    @Test
    void neverTracesItsOwnCallsToXRay() {
        String userAgent = HostJvm.marker("self");
        host.get("/hello", Map.of("User-Agent", userAgent));
        Support.traceOf(receiver, userAgent);

        List<String> selfTraced = new ArrayList<>();
        for (XRayTrace trace : receiver.traces()) {
            trace.spans().filter(s -> s.url() != null && s.url().contains("/TraceSegments"))
                    .forEach(s -> selfTraced.add(s.summary()));
        }
        assertEquals(List.of(), selfTraced);
    }

    private static XRaySpan single(List<XRaySpan> children, XRayTrace trace) {
        assertEquals(1, children.size(), "expected exactly one child span:\n" + trace.tree());
        return children.get(0);
    }

    /** The child's start and end lie within its parent's (1 µs allowed for rounding). */
    private static void assertWithin(XRaySpan parent, XRaySpan child) {
        double slack = 0.000_001;
        assertTrue(child.startTime() >= parent.startTime() - slack && child.endTime() <= parent.endTime() + slack,
                child.name() + " [" + child.startTime() + ", " + child.endTime() + "] not within "
                        + parent.name() + " [" + parent.startTime() + ", " + parent.endTime() + "]");
        assertTrue(child.endTime() >= child.startTime(), "end before start in " + child.name());
    }

    private static boolean mentions(JsonNode node, String text) {
        if (node.isTextual()) {
            return node.asText().contains(text);
        }
        for (JsonNode child : node) {
            if (mentions(child, text)) {
                return true;
            }
        }
        return false;
    }

    /** More than 3 decimal places in the shortest decimal form of the number as sent. */
    private static boolean hasMicroseconds(double epochSeconds) {
        return java.math.BigDecimal.valueOf(epochSeconds).stripTrailingZeros().scale() > 3;
    }
}
