package io.telemetryagent.it;

import static io.telemetryagent.it.Support.encode;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.hosts.EchoHeadersServer;
import com.fasterxml.jackson.databind.JsonNode;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server behaviours every servlet container must show (in the spirit of OpenTelemetry's
 * {@code AbstractHttpServerTest}), run against one {@link ContainerRow} per subclass: the
 * container is a real embedded server from Maven Central, in its own JVM with the agent,
 * serving {@code src/hosts/servlet/TestApp} under {@code /app}. One JVM per row; every
 * behaviour marks its request with its own User-Agent and finds its trace by it.
 */
@ExtendWith(HostOutputOnFailure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ServletContainerSuite {

    private XRayReceiver receiver;
    private EchoHeadersServer echo;
    private HostJvm host;

    abstract ContainerRow row();

    private String service() {
        return "servlet-" + row().dir;
    }

    @BeforeAll
    void startHost() {
        receiver = XRayReceiver.startNew();
        echo = EchoHeadersServer.start();
        Path classes = HostSources.compile(row());
        host = HostJvm.builder(row().mainClass)
                .config(Configs.to(receiver).serviceName(service()))
                .classpath(classes, row().lib().resolve("*"))
                .readyTimeout(Duration.ofSeconds(60))
                .start();
    }

    @AfterAll
    void stopHost() {
        if (host != null) {
            host.close();
        }
        if (echo != null) {
            echo.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private HttpResult get(String path, String userAgent, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("User-Agent", userAgent);
        return host.get("/app" + path, all);
    }

    private HttpResult get(String path, String userAgent) {
        return get(path, userAgent, Map.of());
    }

    /** The trace of the request marked {@code userAgent}, which must be one segment. */
    private XRayTrace traceOf(String userAgent) {
        XRayTrace trace = Support.traceOf(receiver, userAgent);
        assertEquals(1, trace.segments().size(), "one segment:\n" + trace.tree());
        return trace;
    }

    private static XRaySpan onlyPipe(XRayTrace trace) {
        XRaySpan segment = trace.segments().get(0);
        assertEquals(1, segment.children().size(), "one pipe subsegment:\n" + trace.tree());
        return segment.children().get(0);
    }

    @Test
    @Order(1)
    void recordsTheRequestAndTheServletItReached() {
        String userAgent = HostJvm.marker("hello");

        HttpResult response = get("/hello?token=secret", userAgent, Map.of("X-Forwarded-For", "203.0.113.7, 10.0.0.1"));

        assertEquals(200, response.status());
        assertEquals("hello", response.body());
        XRayTrace trace = traceOf(userAgent);
        XRaySpan segment = trace.segments().get(0);
        JsonNode http = segment.doc().path("http");
        assertAll(
                () -> assertEquals(service(), segment.name()),
                () -> assertEquals("GET", http.at("/request/method").asText()),
                () -> assertEquals("http://127.0.0.1:" + host.port() + "/app/hello", http.at("/request/url").asText()),
                () -> assertEquals("203.0.113.7", http.at("/request/client_ip").asText()),
                () -> assertTrue(http.at("/request/x_forwarded_for").asBoolean(false), "x_forwarded_for: " + http),
                () -> assertEquals(userAgent, http.at("/request/user_agent").asText()),
                () -> assertEquals(200, http.at("/response/status").asInt()),
                () -> assertEquals(5, http.at("/response/content_length").asInt(-1), "content_length: " + http),
                () -> assertFalse(segment.error() || segment.fault(), "no flag"),
                () -> assertEquals("Hello.doGet", onlyPipe(trace).name()));
        Support.assertNoSchemaViolations(receiver);
    }

    @Test
    @Order(2)
    void recordsThePeerAsClientWithoutForwardedFor() {
        String userAgent = HostJvm.marker("peer");

        get("/hello", userAgent);

        JsonNode request = traceOf(userAgent).segments().get(0).doc().at("/http/request");
        assertEquals("127.0.0.1", request.path("client_ip").asText(), request.toString());
        assertFalse(request.has("x_forwarded_for"), request.toString());
    }

    @ParameterizedTest(name = "{0} -> error {1}, throttle {2}, fault {3}")
    @CsvSource({
            "404, true,  false, false",
            "429, true,  true,  false",
            "503, false, false, true",
    })
    @Order(3)
    void flagsTheSegmentByStatus(int status, boolean error, boolean throttle, boolean fault) {
        String userAgent = HostJvm.marker("status-" + status);

        assertEquals(status, get("/status?code=" + status, userAgent).status());

        XRaySpan segment = traceOf(userAgent).segments().get(0);
        assertAll(
                () -> assertEquals(status, segment.status()),
                () -> assertEquals(error, segment.error(), "error"),
                () -> assertEquals(throttle, segment.throttle(), "throttle"),
                () -> assertEquals(fault, segment.fault(), "fault"));
    }

    @Test
    @Order(4)
    void recordsAnExceptionTheErrorPageAnswersAsFaultWithItsCause() {
        String userAgent = HostJvm.marker("throw");

        HttpResult response = get("/throw", userAgent);

        assertEquals(500, response.status());
        assertEquals("error page", response.body(), "the app's error page answered");
        XRayTrace trace = traceOf(userAgent);
        XRaySpan segment = trace.segments().get(0);
        assertFault(segment, 500, "java.lang.IllegalStateException", "boom from /throw", trace);
        assertEquals("Throw.doGet", onlyPipe(trace).name(), "the error page is no second pipe");
    }

    @Test
    @Order(5)
    void recordsAnExceptionTheContainerAnswersAsFaultWithItsCause() {
        String userAgent = HostJvm.marker("throw-plain");

        HttpResult response = get("/throw-plain", userAgent);

        assertEquals(500, response.status());
        XRayTrace trace = traceOf(userAgent);
        assertFault(trace.segments().get(0), 500, "java.lang.UnsupportedOperationException", "plain boom", trace);
        Support.assertNoSchemaViolations(receiver);
    }

    private static void assertFault(XRaySpan segment, int status, String type, String message, XRayTrace trace) {
        JsonNode exception = segment.doc().at("/cause/exceptions/0");
        assertAll(
                () -> assertEquals(status, segment.status(), "status"),
                () -> assertTrue(segment.fault(), "fault:\n" + trace.tree()),
                () -> assertEquals(type, exception.path("type").asText(), "cause type: " + segment.doc().path("cause")),
                () -> assertEquals(message, exception.path("message").asText()),
                () -> assertTrue(exception.path("stack").size() > 0, "a stack: " + exception));
    }

    @Test
    @Order(6)
    void aForwardIsPartOfTheRequestItsServletForwards() {
        String userAgent = HostJvm.marker("forward");

        HttpResult response = get("/forward", userAgent);

        assertEquals("hello", response.body());
        XRayTrace trace = traceOf(userAgent);
        assertEquals(2, trace.spanCount(), "segment and one pipe:\n" + trace.tree());
        assertEquals("Forward.doGet", onlyPipe(trace).name());
        assertEquals(200, trace.segments().get(0).status());
    }

    @Test
    @Order(7)
    void anIncludeIsPartOfTheRequestItsServletIncludes() {
        String userAgent = HostJvm.marker("include");

        HttpResult response = get("/include", userAgent);

        assertEquals("before hello after", response.body());
        XRayTrace trace = traceOf(userAgent);
        assertEquals(2, trace.spanCount(), "segment and one pipe:\n" + trace.tree());
        assertEquals("Include.doGet", onlyPipe(trace).name());
    }

    @Test
    @Order(8)
    void recordsTheStatusSetAfterTheBodyWasWritten() {
        String userAgent = HostJvm.marker("late-status");

        HttpResult response = get("/late-status", userAgent);

        assertEquals(201, response.status());
        assertEquals(201, traceOf(userAgent).segments().get(0).status());
    }

    @Test
    @Order(9)
    void theSegmentCoversTheFilterChain() {
        String userAgent = HostJvm.marker("filtered");

        get("/filtered", userAgent);

        XRayTrace trace = traceOf(userAgent);
        XRaySpan segment = trace.segments().get(0);
        XRaySpan pipe = onlyPipe(trace);
        assertTrue(segment.durationMillis() >= 95, "the filter's 100 ms are inside the segment:\n" + trace.tree());
        assertTrue((pipe.startTime() - segment.startTime()) * 1000 >= 95, "the servlet runs after the filter:\n" + trace.tree());
    }

    @Test
    @Order(10)
    void anAsyncRequestEndsWhenItsResponseCompletes() {
        String userAgent = HostJvm.marker("async");

        HttpResult response = get("/async", userAgent);

        assertEquals(202, response.status());
        assertEquals("async", response.body());
        XRayTrace trace = traceOf(userAgent);
        XRaySpan segment = trace.segments().get(0);
        assertEquals(202, segment.status(), "the status set on the async thread:\n" + trace.tree());
        assertTrue(segment.durationMillis() >= 190, "ends at completion, not when service() returns:\n" + trace.tree());
        XRaySpan pipe = onlyPipe(trace);
        assertEquals("Async.doGet", pipe.name());
        assertTrue(pipe.endTime() <= segment.endTime(), trace.tree());
    }

    @Test
    @Order(11)
    void anAsyncDispatchIsPartOfTheRequestItContinues() {
        String userAgent = HostJvm.marker("async-dispatch");

        HttpResult response = get("/async-dispatch", userAgent);

        assertEquals(418, response.status());
        XRayTrace trace = traceOf(userAgent);
        XRaySpan segment = trace.segments().get(0);
        assertAll(
                () -> assertEquals(418, segment.status(), trace.tree()),
                () -> assertTrue(segment.error(), "error"),
                () -> assertTrue(segment.durationMillis() >= 95, trace.tree()),
                () -> assertEquals("AsyncDispatch.doGet", onlyPipe(trace).name()));
    }

    @Test
    @Order(12)
    void recordsARequestNoServletServes() {
        String userAgent = HostJvm.marker("unmapped");

        assertEquals(404, get("/no-such-page", userAgent).status());

        XRaySpan segment = traceOf(userAgent).segments().get(0);
        assertEquals(404, segment.status());
        assertTrue(segment.error());
    }

    @Test
    @Order(13)
    void answersSampledQuestionInTheResponse() {
        String userAgent = HostJvm.marker("sampled-question");
        String traceId = Support.newTraceId();

        HttpResult response = get("/hello", userAgent, Map.of(Support.TRACE_HEADER, "Root=" + traceId + ";Sampled=?"));

        Map<String, String> answer = Support.parseTraceHeader(response.header(Support.TRACE_HEADER));
        assertEquals(traceId, answer.get("Root"));
        assertEquals("1", answer.get("Sampled"));
        assertEquals(traceId, traceOf(userAgent).traceId());
    }

    @Test
    @Order(14)
    void anOutboundCallIsABackendSubsegmentOfTheServlet() {
        String userAgent = HostJvm.marker("call");
        String traceId = Support.newTraceId();
        String parent = Support.newSegmentId();

        HttpResult response = get("/call?to=" + encode(echo.url("/downstream-" + row().dir)), userAgent,
                Map.of(Support.TRACE_HEADER, "Root=" + traceId + ";Parent=" + parent + ";Sampled=1"));

        assertEquals(200, response.status(), response.body());
        XRayTrace trace = traceOf(userAgent);
        XRaySpan segment = trace.segments().get(0);
        XRaySpan pipe = onlyPipe(trace);
        XRaySpan backend = pipe.children().isEmpty() ? null : pipe.children().get(0);
        assertAll(
                () -> assertEquals(traceId, trace.traceId()),
                () -> assertEquals(parent, segment.parentId(), "continues the upstream trace"),
                () -> assertEquals("Call.doGet", pipe.name()),
                () -> assertTrue(backend != null && "remote".equals(backend.namespace()), "backend under the pipe:\n" + trace.tree()));
        Map<String, String> sent = Support.parseTraceHeader(echo.await("/downstream-" + row().dir, Support.ARRIVAL)
                .header(Support.TRACE_HEADER));
        assertEquals(traceId, sent.get("Root"));
        assertEquals(backend.id(), sent.get("Parent"));
    }

    /** Last: a stray second segment of any request above (an error page, an async dispatch) has arrived by now. */
    @Test
    @Order(100)
    void everyRequestIsOneSegment() {
        String control = HostJvm.marker("control");
        get("/hello", control);
        traceOf(control);
        Map<String, Integer> segmentsByUserAgent = new HashMap<>();
        for (XRayTrace trace : receiver.traces()) {
            for (XRaySpan segment : trace.segments()) {
                segmentsByUserAgent.merge(String.valueOf(segment.userAgent()), 1, Integer::sum);
            }
        }
        List<String> repeated = segmentsByUserAgent.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey).toList();
        assertEquals(List.of(), repeated, "user agents with more than one segment");
        Support.assertNoSchemaViolations(receiver);
    }
}
