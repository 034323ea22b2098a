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
    /** Every behaviour's request, sent once the host is up (so their traces arrive together): by name. */
    private final Map<String, Exchange> exchanges = new HashMap<>();
    private final String askingTraceId = Support.newTraceId();
    private final String callTraceId = Support.newTraceId();
    private final String callParent = Support.newSegmentId();

    /** A request of one behaviour: its marking User-Agent and the answer it got. */
    record Exchange(String userAgent, HttpResult response) {}

    abstract ContainerRow row();

    private String service() {
        return "servlet-" + row().dir;
    }

    @BeforeAll
    void startHost() {
        receiver = XRayReceiver.startNew();
        echo = EchoHeadersServer.start();
        Path classes = HostSources.compile(row());
        host = withLibraries(HostJvm.builder(row().mainClass).classpath(classes))
                .config(Configs.to(receiver).serviceName(service()))
                .jvmOption("-XX:TieredStopAtLevel=1") // a short-lived host: C1 alone starts it twice as fast
                .readyTimeout(Duration.ofSeconds(60))
                .start();
        send("hello", "/hello?token=secret", Map.of("X-Forwarded-For", "203.0.113.7, 10.0.0.1"));
        send("peer", "/hello", Map.of());
        for (int status : new int[] {404, 429, 503}) {
            send("status-" + status, "/status?code=" + status, Map.of());
        }
        send("throw", "/throw", Map.of());
        send("throw-plain", "/throw-plain", Map.of());
        send("filter-throws", "/filter-throws", Map.of());
        send("forward", "/forward", Map.of());
        send("include", "/include", Map.of());
        send("late-status", "/late-status", Map.of());
        send("filtered", "/filtered", Map.of());
        send("async", "/async", Map.of());
        send("async-dispatch", "/async-dispatch", Map.of());
        send("unmapped", "/no-such-page", Map.of());
        send("sampled-question", "/hello", Map.of(Support.TRACE_HEADER, "Root=" + askingTraceId + ";Sampled=?"));
        send("call", "/call?to=" + encode(echo.url("/downstream-" + row().dir)), Map.of(Support.TRACE_HEADER,
                "Root=" + callTraceId + ";Parent=" + callParent + ";Sampled=1"));
    }

    /** The container's jars, on the class path; a row may put them on the module path instead. */
    HostJvm.Builder withLibraries(HostJvm.Builder host) {
        return host.classpath(row().lib().resolve("*"));
    }

    private void send(String name, String path, Map<String, String> headers) {
        String userAgent = HostJvm.marker(name);
        exchanges.put(name, new Exchange(userAgent, get(path, userAgent, headers)));
    }

    private Exchange exchange(String name) {
        return exchanges.get(name);
    }

    @AfterAll
    void stopHost() {
        Support.closeAll(host, echo, receiver);
    }

    private HttpResult get(String path, String userAgent, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("User-Agent", userAgent);
        return host.get("/app" + path, all);
    }

    private HttpResult get(String path, String userAgent) {
        return get(path, userAgent, Map.of());
    }

    /** The trace of the exchange's request, which must be one segment. */
    private XRayTrace traceOf(Exchange exchange) {
        XRayTrace trace = Support.traceOf(receiver, exchange.userAgent());
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
        Exchange hello = exchange("hello"); // ?token=secret, X-Forwarded-For: 203.0.113.7, 10.0.0.1

        assertEquals(200, hello.response().status());
        assertEquals("hello", hello.response().body());
        XRayTrace trace = traceOf(hello);
        XRaySpan segment = trace.segments().get(0);
        JsonNode http = segment.doc().path("http");
        assertAll(
                () -> assertEquals(service(), segment.name()),
                () -> assertEquals("GET", http.at("/request/method").asText()),
                () -> assertEquals("http://127.0.0.1:" + host.port() + "/app/hello", http.at("/request/url").asText()),
                () -> assertEquals("203.0.113.7", http.at("/request/client_ip").asText()),
                () -> assertTrue(http.at("/request/x_forwarded_for").asBoolean(false), "x_forwarded_for: " + http),
                () -> assertEquals(hello.userAgent(), http.at("/request/user_agent").asText()),
                () -> assertEquals(200, http.at("/response/status").asInt()),
                () -> assertEquals(5, http.at("/response/content_length").asInt(-1), "content_length: " + http),
                () -> assertFalse(segment.error() || segment.fault(), "no flag"),
                () -> assertEquals("Hello.doGet", onlyPipe(trace).name()));
        Support.assertNoSchemaViolations(receiver);
    }

    @Test
    @Order(2)
    void recordsThePeerAsClientWithoutForwardedFor() {
        JsonNode request = traceOf(exchange("peer")).segments().get(0).doc().at("/http/request");

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
        Exchange exchange = exchange("status-" + status);

        assertEquals(status, exchange.response().status());
        XRaySpan segment = traceOf(exchange).segments().get(0);
        assertAll(
                () -> assertEquals(status, segment.status()),
                () -> assertEquals(error, segment.error(), "error"),
                () -> assertEquals(throttle, segment.throttle(), "throttle"),
                () -> assertEquals(fault, segment.fault(), "fault"));
    }

    @Test
    @Order(4)
    void recordsAnExceptionTheErrorPageAnswersAsFaultWithItsCause() {
        Exchange thrown = exchange("throw");

        assertEquals(500, thrown.response().status());
        assertEquals("error page", thrown.response().body(), "the app's error page answered");
        XRayTrace trace = traceOf(thrown);
        assertFault(trace.segments().get(0), 500, "java.lang.IllegalStateException", "boom from /throw", trace);
        assertEquals("Throw.doGet", onlyPipe(trace).name(), "the error page is no second pipe");
    }

    @Test
    @Order(5)
    void recordsAnExceptionTheContainerAnswersAsFaultWithItsCause() {
        Exchange thrown = exchange("throw-plain");

        assertEquals(500, thrown.response().status());
        XRayTrace trace = traceOf(thrown);
        assertFault(trace.segments().get(0), 500, "java.lang.UnsupportedOperationException", "plain boom", trace);
        Support.assertNoSchemaViolations(receiver);
    }

    @Test
    @Order(5)
    void recordsAnExceptionEscapingAFilterAsFaultWithItsCause() {
        Exchange thrown = exchange("filter-throws");

        assertEquals(500, thrown.response().status());
        XRayTrace trace = traceOf(thrown);
        assertFault(trace.segments().get(0), 500, "java.lang.IllegalArgumentException", "boom from a filter", trace);
    }

    private static void assertFault(XRaySpan segment, int status, String type, String message, XRayTrace trace) {
        JsonNode exception = segment.exception();
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
        Exchange forward = exchange("forward");

        assertEquals("hello", forward.response().body());
        XRayTrace trace = traceOf(forward);
        assertEquals(2, trace.spanCount(), "segment and one pipe:\n" + trace.tree());
        assertEquals("Forward.doGet", onlyPipe(trace).name());
        assertEquals(200, trace.segments().get(0).status());
    }

    @Test
    @Order(7)
    void anIncludeIsPartOfTheRequestItsServletIncludes() {
        Exchange include = exchange("include");

        assertEquals("before hello after", include.response().body());
        XRayTrace trace = traceOf(include);
        assertEquals(2, trace.spanCount(), "segment and one pipe:\n" + trace.tree());
        assertEquals("Include.doGet", onlyPipe(trace).name());
    }

    @Test
    @Order(8)
    void recordsTheStatusSetAfterTheBodyWasWritten() {
        Exchange late = exchange("late-status");

        assertEquals(201, late.response().status());
        assertEquals(201, traceOf(late).segments().get(0).status());
    }

    @Test
    @Order(9)
    void theSegmentCoversTheFilterChain() {
        XRayTrace trace = traceOf(exchange("filtered")); // the filter takes 100 ms before the chain

        XRaySpan segment = trace.segments().get(0);
        XRaySpan pipe = onlyPipe(trace);
        assertTrue(segment.durationMillis() >= 95, "the filter's 100 ms are inside the segment:\n" + trace.tree());
        assertTrue((pipe.startTime() - segment.startTime()) * 1000 >= 95, "the servlet runs after the filter:\n" + trace.tree());
    }

    @Test
    @Order(10)
    void anAsyncRequestEndsWhenItsResponseCompletes() {
        Exchange async = exchange("async"); // answered 202 by another thread 200 ms later

        assertEquals(202, async.response().status());
        assertEquals("async", async.response().body());
        XRayTrace trace = traceOf(async);
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
        Exchange dispatched = exchange("async-dispatch"); // dispatched to /teapot (418) 100 ms later

        assertEquals(418, dispatched.response().status());
        XRayTrace trace = traceOf(dispatched);
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
        Exchange unmapped = exchange("unmapped");

        assertEquals(404, unmapped.response().status());
        XRaySpan segment = traceOf(unmapped).segments().get(0);
        assertEquals(404, segment.status());
        assertTrue(segment.error());
    }

    @Test
    @Order(13)
    void answersSampledQuestionInTheResponse() {
        Exchange asking = exchange("sampled-question"); // X-Amzn-Trace-Id: Root=askingTraceId;Sampled=?

        Map<String, String> answer = Support.parseTraceHeader(asking.response().header(Support.TRACE_HEADER));
        assertEquals(askingTraceId, answer.get("Root"));
        assertEquals("1", answer.get("Sampled"));
        assertEquals(askingTraceId, traceOf(asking).traceId());
    }

    @Test
    @Order(14)
    void anOutboundCallIsABackendSubsegmentOfTheServlet() {
        Exchange call = exchange("call"); // Root=callTraceId;Parent=callParent;Sampled=1, calls the echo server

        assertEquals(200, call.response().status(), call.response().body());
        XRayTrace trace = traceOf(call);
        XRaySpan segment = trace.segments().get(0);
        XRaySpan pipe = onlyPipe(trace);
        XRaySpan backend = pipe.children().isEmpty() ? null : pipe.children().get(0);
        assertAll(
                () -> assertEquals(callTraceId, trace.traceId()),
                () -> assertEquals(callParent, segment.parentId(), "continues the upstream trace"),
                () -> assertEquals("Call.doGet", pipe.name()),
                () -> assertTrue(backend != null && "remote".equals(backend.namespace()), "backend under the pipe:\n" + trace.tree()));
        Map<String, String> sent = Support.parseTraceHeader(echo.await("/downstream-" + row().dir, Support.ARRIVAL)
                .header(Support.TRACE_HEADER));
        assertEquals(callTraceId, sent.get("Root"));
        assertEquals(backend.id(), sent.get("Parent"));
    }

    /** Last: a stray second segment of any request above (an error page, an async dispatch) has arrived by now. */
    @Test
    @Order(100)
    void everyRequestIsOneSegment() {
        String control = HostJvm.marker("control");
        get("/hello", control);
        traceOf(new Exchange(control, null));
        Support.assertOneSegmentPerUserAgent(receiver, segment -> true);
    }
}
