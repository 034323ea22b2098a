package io.telemetryagent.it;

import static io.telemetryagent.it.Exchanges.pipeOf;
import static io.telemetryagent.it.Support.encode;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.hosts.EchoHeadersServer;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
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
 * Issue 17 item 5: a Spring Boot 3 WebFlux app ({@code src/hosts/webflux}) on Reactor Netty's
 * server, one row per Boot line (so per Reactor Netty minor), in JVMs of its own with the agent,
 * one sampling all and one sampling none: one segment per request with its HTTP fields, the pipe
 * named by route template for annotated controllers and functional routes alike, the trace
 * followed across Reactor's operators and schedulers to the WebClient calls the handler makes
 * (their header checked where it arrived), the inbound header honoured, and errors.
 */
@ExtendWith(HostOutputOnFailure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class WebFluxSuite {

    private XRayReceiver receiver;
    private EchoHeadersServer echo;
    private HostJvm host;
    private HostJvm unsampled;
    private Exchanges exchanges;

    abstract ContainerRow row();

    @BeforeAll
    void startApp() {
        receiver = XRayReceiver.startNew();
        exchanges = new Exchanges(receiver);
        echo = EchoHeadersServer.start();
        Path classes = HostSources.compile(row());
        List<HostJvm> hosts = HostJvm.startAll(List.of(
                builder(classes, Configs.to(receiver).serviceName(row().dir)),
                builder(classes, Configs.to(receiver).serviceName(row().dir + "-none").sampleRate(0))));
        host = hosts.get(0);
        unsampled = hosts.get(1);
        exchanges.send(host, "item", "/items/42");
        exchanges.send(host, "files", "/files/a/b.txt");
        exchanges.send(host, "order", "/fn/orders/7");
        exchanges.send(host, "chain", "/chain?to=" + encode(echo.url("/" + row().dir + "-chain")));
        exchanges.send(host, "boom", "/boom");
        exchanges.send(host, "mono-error", "/mono-error");
        exchanges.send(host, "fn-boom", "/fn/boom");
        exchanges.send(host, "bad", "/bad");
        exchanges.send(host, "missing", "/no/such/page");
    }

    private HostJvm.Builder builder(Path classes, Configs config) {
        return HostJvm.builder(row().mainClass)
                .config(config)
                .classpath(classes, row().lib().resolve("*"))
                .jvmOption("-XX:TieredStopAtLevel=1")
                .readyTimeout(Duration.ofSeconds(120));
    }

    @AfterAll
    void stopApp() {
        HostJvm.closeAll(Arrays.asList(host, unsampled));
        Support.closeAll(echo, receiver);
    }

    @Test
    @Order(1)
    void aRequestIsOneSegmentWithItsHttpFields() {
        assertEquals("item 42", exchanges.response("item").body());

        XRayTrace trace = exchanges.traceOf("item");
        XRaySpan segment = trace.segments().get(0);
        assertAll(trace.tree(),
                () -> assertEquals(row().dir, segment.name()),
                () -> assertEquals("GET", segment.text("/http/request/method")),
                () -> assertEquals("http://127.0.0.1:" + host.port() + "/items/42", segment.url()),
                () -> assertEquals("127.0.0.1", segment.text("/http/request/client_ip")),
                () -> assertEquals(200, segment.status()),
                () -> assertFalse(segment.error() || segment.fault()),
                () -> assertTrue(segment.endTime() >= segment.startTime()));
        Support.assertNoSchemaViolations(receiver);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "item,  GET /items/:id,         /items/{id}",
            "files, GET /files/:%2Apath,    /files/{*path}",
            "order, GET /fn/orders/:orderId, /fn/orders/{orderId}",
    })
    @Order(2)
    void thePipeIsNamedByRouteTemplateForControllersAndFunctionalRoutes(String name, String pipeName, String route) {
        assertEquals(200, exchanges.response(name).status());

        XRaySpan pipe = pipeOf(exchanges.traceOf(name));
        assertAll(
                () -> assertEquals(pipeName, pipe.name()),
                () -> assertEquals(route, pipe.text("/annotations/route")));
    }

    @Test
    @Order(2)
    void aRequestNoRouteMatchedHasANameOfItsOwn() {
        assertEquals(404, exchanges.response("missing").status());

        XRayTrace trace = exchanges.traceOf("missing");
        assertAll(trace.tree(),
                () -> assertEquals("GET no route", pipeOf(trace).name()),
                () -> assertEquals(404, trace.segments().get(0).status()),
                () -> assertTrue(trace.segments().get(0).error()),
                () -> assertFalse(trace.segments().get(0).fault()));
    }

    /**
     * The handler's four WebClient calls: on the event loop, after publishOn on a bounded-elastic
     * worker (flatMap), after delayElement on the parallel scheduler's timer, and two at once in
     * Mono.zip, one subscribed on the parallel scheduler. Each is a backend subsegment of the pipe,
     * and the header that reached the downstream names it.
     */
    @Test
    @Order(3)
    void theTraceFollowsTheRequestAcrossReactorsOperatorsToItsWebClientCalls() {
        assertEquals("chain a+b+c+d", exchanges.response("chain").body());

        XRayTrace trace = exchanges.traceOf("chain");
        XRaySpan pipe = pipeOf(trace);
        assertEquals("GET /chain", pipe.name());
        List<XRaySpan> calls = trace.spans().filter(s -> "remote".equals(s.namespace())).collect(Collectors.toList());
        assertEquals(4, calls.size(), "four backend calls:\n" + trace.tree());
        for (String leg : List.of("a", "b", "c", "d")) {
            String path = "/" + row().dir + "-chain/" + leg;
            XRaySpan call = calls.stream().filter(c -> c.url() != null && c.url().endsWith(path)).findFirst()
                    .orElseThrow(() -> new AssertionError("no call to " + path + ":\n" + trace.tree()));
            Map<String, String> sent = Support.parseTraceHeader(echo.await(path, Support.ARRIVAL).header(Support.TRACE_HEADER));
            assertAll(leg + "\n" + trace.tree(),
                    () -> assertSame(pipe, call.parent(), "a subsegment of the request's pipe"),
                    () -> assertTrue(call.doc().at("/http/request/traced").asBoolean(false)),
                    () -> assertEquals(200, call.status()),
                    () -> assertEquals(trace.traceId(), sent.get("Root")),
                    () -> assertEquals(call.id(), sent.get("Parent")),
                    () -> assertEquals("1", sent.get("Sampled")));
        }
        Support.assertNoSchemaViolations(receiver);
    }

    /** The body arrives after the request's head: what the handler does with it is still the request's. */
    @Test
    @Order(3)
    void aCallMadeWithTheRequestsBodyIsTheRequestsToo() throws Exception {
        String marker = HostJvm.marker("relay");
        String base = "/" + row().dir + "-relay";
        // HTTP/1.1: Reactor Netty answers an h2c upgrade that carries a body 413, agent or not.
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                        URI.create(host.url("/relay?to=" + encode(echo.url(base)))))
                .header("User-Agent", marker).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("parcel")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("relayed parcel", response.body());

        XRayTrace trace = Support.traceOf(receiver, marker);
        XRaySpan pipe = pipeOf(trace);
        assertEquals("POST /relay", pipe.name());
        assertEquals(1, pipe.children().size(), trace.tree());
        XRaySpan call = pipe.children().get(0);
        Map<String, String> sent = Support.parseTraceHeader(echo.await(base + "/parcel", Support.ARRIVAL)
                .header(Support.TRACE_HEADER));
        assertEquals(trace.traceId(), sent.get("Root"));
        assertEquals(call.id(), sent.get("Parent"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "boom,       GET /boom,       java.lang.IllegalStateException,    boom from controller",
            "mono-error, GET /mono-error, java.lang.IllegalArgumentException, failed on another scheduler",
            "fn-boom,    GET /fn/boom,    java.lang.IllegalStateException,    boom from a functional route",
    })
    @Order(4)
    void aHandlerErrorIsAFaultWithItsCause(String name, String pipeName, String type, String message) {
        assertEquals(500, exchanges.response(name).status());

        XRayTrace trace = exchanges.traceOf(name);
        XRaySpan segment = trace.segments().get(0);
        XRaySpan pipe = pipeOf(trace);
        assertAll(trace.tree(),
                () -> assertEquals(500, segment.status()),
                () -> assertTrue(segment.fault()),
                () -> assertEquals(pipeName, pipe.name()),
                () -> assertTrue(pipe.fault(), "the pipe the error came from"),
                () -> assertEquals(type, pipe.text("/cause/exceptions/0/type")),
                () -> assertEquals(message, pipe.text("/cause/exceptions/0/message")),
                // Written once: the segment's cause refers to the pipe's exception by id.
                () -> assertEquals(pipe.text("/cause/exceptions/0/id"), segment.text("/cause")));
    }

    @Test
    @Order(4)
    void aClientErrorIsAnErrorWithoutFault() {
        assertEquals(400, exchanges.response("bad").status());

        XRayTrace trace = exchanges.traceOf("bad");
        XRaySpan segment = trace.segments().get(0);
        assertAll(trace.tree(),
                () -> assertEquals(400, segment.status()),
                () -> assertTrue(segment.error()),
                () -> assertFalse(segment.fault()),
                () -> assertEquals("GET /bad", pipeOf(trace).name()));
    }

    /** Issue 17 item 4 on WebFlux: Logback lines logged in the handler and after a hop to a scheduler carry the trace. */
    @Test
    @Order(5)
    void logLinesInTheHandlerAndAfterASchedulerHopCarryTheTrace() {
        String marker = HostJvm.marker("logged");
        String tag = marker.replaceAll("[^A-Za-z0-9]", "");
        assertEquals("logged", host.get("/logged?tag=" + tag, Map.of("User-Agent", marker)).body());
        XRayTrace trace = Support.traceOf(receiver, marker);
        String expected = "trace=" + trace.traceId() + "@" + pipeOf(trace).id();
        for (String line : List.of("logged " + tag + " on the request's thread", "logged " + tag + " after publishOn")) {
            String logged = host.awaitStdout(l -> l.contains(line), Support.ARRIVAL);
            assertTrue(logged.contains(expected), "expected " + expected + " in: " + logged);
        }
    }

    /** h2c: the first request upgrades its connection from HTTP/1.1, the next ones are HTTP/2 streams. */
    @Test
    @Order(5)
    void http2RequestsAreOneSegmentEach() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        for (int i = 0; i < 3; i++) {
            String marker = HostJvm.marker("h2-" + i);
            HttpResponse<String> response = h2.send(HttpRequest.newBuilder(URI.create(host.url("/items/h2-" + i)))
                    .header("User-Agent", marker).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("item h2-" + i, response.body());
            if (i > 0) {
                assertEquals(HttpClient.Version.HTTP_2, response.version(), "the connection was upgraded");
            }
            XRayTrace trace = Support.traceOf(receiver, marker);
            assertEquals(1, trace.segments().size(), trace.tree());
            XRaySpan segment = trace.segments().get(0);
            int n = i;
            assertAll(trace.tree(),
                    () -> assertEquals(200, segment.status()),
                    () -> assertEquals("http://127.0.0.1:" + host.port() + "/items/h2-" + n, segment.url()),
                    () -> assertEquals("GET /items/:id", pipeOf(trace).name()));
        }
    }

    @Test
    @Order(5)
    void anInboundHeaderIsJoinedAndASampledQuestionIsAnswered() {
        String root = Support.newTraceId();
        String parent = Support.newSegmentId();
        String marker = HostJvm.marker("inbound");
        HttpResult response = host.get("/items/1", Map.of("User-Agent", marker,
                Support.TRACE_HEADER, "Root=" + root + ";Parent=" + parent + ";Sampled=?"));
        assertEquals(200, response.status());

        XRaySpan segment = Support.segmentOf(receiver, marker);
        Map<String, String> answered = Support.parseTraceHeader(response.header(Support.TRACE_HEADER));
        assertAll(
                () -> assertEquals(root, segment.text("/trace_id")),
                () -> assertEquals(parent, segment.parentId()),
                () -> assertEquals(root, answered.get("Root")),
                () -> assertEquals("1", answered.get("Sampled")));
    }

    @Test
    @Order(5)
    void aRequestSampledOutByItsHeaderRecordsNothingButPassesTheTraceOn() {
        String root = Support.newTraceId();
        String path = "/" + row().dir + "-unsampled";
        HttpResult response = host.get("/call?to=" + encode(echo.url(path)),
                Map.of(Support.TRACE_HEADER, "Root=" + root + ";Parent=" + Support.newSegmentId() + ";Sampled=0"));
        assertEquals(200, response.status());
        Map<String, String> sent = Support.parseTraceHeader(echo.await(path, Support.ARRIVAL).header(Support.TRACE_HEADER));
        assertEquals(root, sent.get("Root"));
        assertEquals("0", sent.get("Sampled"));
        assertNull(response.header(Support.TRACE_HEADER), "answered only when asked (Sampled=?)");

        Support.sendControlAndAwait(host, receiver, Map.of());
        assertTrue(receiver.documents().stream().noneMatch(d -> d.toString().contains(root)),
                "the unsampled request " + root + " was exported");
    }

    @Test
    @Order(6)
    void atZeroPercentNothingIsRecordedAndTheCallsCarryTheUnsampledTrace() {
        String path = "/" + row().dir + "-none";
        HttpResult response = unsampled.get("/chain?to=" + encode(echo.url(path)));
        assertEquals("chain a+b+c+d", response.body());
        String root = null;
        for (String leg : List.of("a", "b", "c", "d")) {
            Map<String, String> sent = Support.parseTraceHeader(echo.await(path + "/" + leg, Support.ARRIVAL)
                    .header(Support.TRACE_HEADER));
            assertEquals("0", sent.get("Sampled"), leg);
            assertTrue(Support.TRACE_ID.matcher(sent.get("Root")).matches(), sent.toString());
            if (root == null) {
                root = sent.get("Root");
            }
            assertEquals(root, sent.get("Root"), "one trace for the request's four calls");
        }
        // A request the caller sampled is recorded even at 0 %: once it is in, the other would be too.
        String marker = HostJvm.marker("zero-control");
        assertEquals(200, unsampled.get("/items/9", Map.of("User-Agent", marker,
                Support.TRACE_HEADER, "Root=" + Support.newTraceId() + ";Sampled=1")).status());
        Support.segmentOf(receiver, marker);
        Support.awaitQuiet(receiver, Duration.ofMillis(2_000), Duration.ofSeconds(20));
        String unsampledRoot = root;
        assertTrue(receiver.documents().stream().noneMatch(d -> d.toString().contains(unsampledRoot)),
                "the 0 % request " + unsampledRoot + " was exported");
    }

    /**
     * Sixteen /chain requests at once: their handlers, calls and responses interleave on the same
     * event loops and scheduler threads, and each call still belongs to its own request.
     */
    @Test
    @Order(7)
    void concurrentRequestsKeepTheirCallsApart() throws Exception {
        int count = 16;
        ExecutorService senders = Executors.newFixedThreadPool(count);
        try {
            List<Future<HttpResult>> responses = new ArrayList<>();
            List<String> markers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String marker = HostJvm.marker("concurrent-" + i);
                String to = echo.url("/" + row().dir + "-concurrent-" + i);
                markers.add(marker);
                responses.add(senders.submit(() -> host.get("/chain?to=" + encode(to), Map.of("User-Agent", marker))));
            }
            for (int i = 0; i < count; i++) {
                assertEquals("chain a+b+c+d", responses.get(i).get().body());
                XRayTrace trace = Support.traceOf(receiver, markers.get(i));
                XRaySpan pipe = pipeOf(trace);
                List<XRaySpan> calls = pipe.children();
                assertEquals(4, calls.size(), "the request's own four calls under its pipe:\n" + trace.tree());
                for (XRaySpan call : calls) {
                    String path = URI.create(call.url()).getPath();
                    assertTrue(path.startsWith("/" + row().dir + "-concurrent-" + i + "/"), path + "\n" + trace.tree());
                    Map<String, String> sent = Support.parseTraceHeader(echo.await(path, Support.ARRIVAL)
                            .header(Support.TRACE_HEADER));
                    assertEquals(trace.traceId(), sent.get("Root"), path);
                    assertEquals(call.id(), sent.get("Parent"), path);
                }
            }
        } finally {
            senders.shutdownNow();
        }
    }

    /** Last: every request of the sampled host is one segment, and nothing else was recorded. */
    @Test
    @Order(100)
    void everyRequestIsOneSegmentAndNothingElse() {
        Support.sendControlAndAwait(host, receiver, Map.of());
        for (XRayTrace trace : receiver.traces()) {
            for (XRaySpan segment : trace.segments()) {
                assertNotNull(segment.url(), "a segment outside any request:\n" + trace.tree());
            }
        }
        Support.assertOneSegmentPerUserAgent(receiver, segment -> segment.userAgent() != null);
        Support.assertOnlyAgentLinesOnStderr(host);
    }
}
