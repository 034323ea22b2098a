package io.telemetryagent.it;

import static io.telemetryagent.it.Exchanges.pipeOf;
import static io.telemetryagent.it.Support.encode;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * A Spring Boot app ({@code src/hosts/spring}) on its embedded Tomcat, one row per Boot
 * generation, in its own JVM with the agent: the pipe is named by the route template, a
 * RestTemplate call is its backend subsegment, a throwing controller is a fault with its cause
 * (also though Boot answers it from its /error page), and DeferredResult, Callable and
 * CompletableFuture handlers end with their response.
 */
@ExtendWith(HostOutputOnFailure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SpringBootSuite {

    private XRayReceiver receiver;
    private EchoHeadersServer echo;
    private HostJvm host;
    /** Every behaviour's request, sent once the app is up (so their traces arrive together): by name. */
    private Exchanges exchanges;

    abstract ContainerRow row();

    @BeforeAll
    void startApp() {
        receiver = XRayReceiver.startNew();
        exchanges = new Exchanges(receiver);
        echo = EchoHeadersServer.start();
        Path classes = HostSources.compile(row());
        host = HostJvm.builder(row().mainClass)
                .config(Configs.to(receiver).serviceName("spring-" + row().dir))
                .classpath(classes, row().lib().resolve("*"))
                .jvmOption("-XX:TieredStopAtLevel=1") // a short-lived host: C1 alone starts it twice as fast
                .readyTimeout(Duration.ofSeconds(90))
                .start();
        exchanges.send(host, "owner", "/owners/42");
        exchanges.send(host, "call", "/call?to=" + encode(echo.url("/downstream-" + row().dir)));
        exchanges.send(host, "boom", "/boom");
        exchanges.send(host, "deferred", "/deferred");
        exchanges.send(host, "callable", "/callable");
        exchanges.send(host, "future", "/future");
        exchanges.send(host, "static", "/hello.txt");
        exchanges.send(host, "webjar", "/webjars/demo/1.0/demo.js");
        exchanges.send(host, "missing", "/no/such/page");
        exchanges.send(host, "capture-all", "/files/a/b.txt");
    }

    @AfterAll
    void stopApp() {
        Support.closeAll(host, echo, receiver);
    }

    @Test
    @Order(1)
    void namesThePipeByMethodAndRouteTemplate() {
        assertEquals("owner 42", exchanges.response("owner").body());

        XRayTrace trace = exchanges.traceOf("owner");
        XRaySpan pipe = pipeOf(trace);
        assertAll(
                () -> assertEquals("GET /owners/:ownerId", pipe.name()),
                () -> assertEquals("/owners/{ownerId}", pipe.text("/annotations/route"), pipe.doc().toString()),
                () -> assertEquals(200, trace.segments().get(0).status()),
                () -> assertEquals("spring-" + row().dir, trace.segments().get(0).name()));
        Support.assertNoSchemaViolations(receiver);
    }

    @Test
    @Order(2)
    void aRestTemplateCallIsABackendSubsegmentOfTheController() {
        assertEquals(200, exchanges.response("call").status());

        XRayTrace trace = exchanges.traceOf("call");
        XRaySpan pipe = pipeOf(trace);
        assertEquals("GET /call", pipe.name());
        XRaySpan backend = pipe.children().stream().filter(s -> "remote".equals(s.namespace())).findFirst()
                .orElseThrow(() -> new AssertionError("no backend under the pipe:\n" + trace.tree()));
        Map<String, String> sent = Support.parseTraceHeader(echo.await("/downstream-" + row().dir, Support.ARRIVAL)
                .header(Support.TRACE_HEADER));
        assertAll(
                () -> assertEquals("127.0.0.1", backend.name()),
                () -> assertTrue(backend.doc().at("/http/request/traced").asBoolean(false), backend.doc().toString()),
                () -> assertEquals(trace.traceId(), sent.get("Root")),
                () -> assertEquals(backend.id(), sent.get("Parent")));
    }

    @Test
    @Order(3)
    void aThrowingControllerIsAFaultWithItsCauseThoughBootAnswersFromItsErrorPage() {
        assertEquals(500, exchanges.response("boom").status());

        XRayTrace trace = exchanges.traceOf("boom");
        XRaySpan segment = trace.segments().get(0);
        JsonNode exception = pipeOf(trace).doc().at("/cause/exceptions/0");
        assertAll(
                () -> assertEquals(500, segment.status()),
                () -> assertTrue(segment.fault(), trace.tree()),
                () -> assertEquals("java.lang.IllegalStateException", exception.path("type").asText(), exception.toString()),
                () -> assertEquals("boom from controller", exception.path("message").asText()),
                () -> assertEquals("GET /boom", pipeOf(trace).name()),
                () -> assertTrue(pipeOf(trace).fault(), "the pipe the exception escaped"));
    }

    @Test
    @Order(3)
    void theFaultDocumentCarriesTheExceptionOnceTheSegmentReferringToThePipesById() {
        XRayTrace trace = exchanges.traceOf("boom");
        XRaySpan segment = trace.segments().get(0);
        JsonNode exception = pipeOf(trace).doc().at("/cause/exceptions/0");
        String document = segment.doc().toString();
        int size = document.length();
        int withTheStackTwice = size + exception.toString().length();
        assertAll(
                () -> assertTrue(segment.doc().path("cause").isTextual(), "the segment's cause is an id: " + segment.doc().path("cause")),
                () -> assertEquals(exception.path("id").asText(), segment.text("/cause")),
                () -> assertTrue(exception.path("stack").size() > 10, exception.toString()),
                () -> assertEquals(1, document.split("\"stack\"", -1).length - 1, "one stack in the document"),
                () -> assertTrue(size < 0.6 * withTheStackTwice,
                        "the document, " + size + " bytes, is well under the " + withTheStackTwice + " it would be with the stack twice"));
        System.out.println("fault document: " + size + " bytes; with the exception written twice: " + withTheStackTwice);
    }

    @Test
    @Order(3)
    void staticFilesAndWebjarsAreNamedByTheirWildcardRouteNotTheHomePages() {
        assertEquals(200, exchanges.response("static").status());
        assertEquals(200, exchanges.response("webjar").status());

        XRaySpan staticPipe = pipeOf(exchanges.traceOf("static"));
        XRaySpan webjarPipe = pipeOf(exchanges.traceOf("webjar"));
        assertAll(
                () -> assertEquals("GET /%2A%2A", staticPipe.name()),
                () -> assertEquals("/**", staticPipe.text("/annotations/route")),
                () -> assertEquals("GET /webjars/%2A%2A", webjarPipe.name()),
                () -> assertEquals("/webjars/**", webjarPipe.text("/annotations/route")));
        Support.assertNoSchemaViolations(receiver);
    }

    @Test
    @Order(3)
    void aCaptureAllVariableKeepsItsStarInTheName() {
        assertEquals("file /a/b.txt", exchanges.response("capture-all").body());

        XRaySpan pipe = pipeOf(exchanges.traceOf("capture-all"));
        assertAll(
                () -> assertEquals("GET /files/:%2Apath", pipe.name()),
                () -> assertEquals("/files/{*path}", pipe.text("/annotations/route")));
    }

    @Test
    @Order(3)
    void aRequestNoRouteMatchedHasANameOfItsOwn() {
        assertEquals(404, exchanges.response("missing").status());

        XRayTrace trace = exchanges.traceOf("missing");
        XRaySpan pipe = pipeOf(trace);
        assertAll(
                () -> assertEquals("GET no route", pipe.name(), trace.tree()),
                () -> assertEquals(404, trace.segments().get(0).status()),
                () -> assertTrue(trace.segments().get(0).error()));
    }

    @ParameterizedTest(name = "{0} answers {1}")
    @CsvSource({"deferred, 202", "callable, 201", "future, 200"})
    @Order(4)
    void anAsyncHandlerEndsWithItsResponse(String name, int status) {
        HttpResult response = exchanges.response(name);
        assertEquals(status, response.status());
        assertEquals(name, response.body());

        XRayTrace trace = exchanges.traceOf(name);
        XRaySpan segment = trace.segments().get(0);
        assertAll(
                () -> assertEquals(status, segment.status(), trace.tree()),
                () -> assertTrue(segment.durationMillis() >= 190, "the handler's 200 ms are inside:\n" + trace.tree()),
                () -> assertEquals("GET /" + name, pipeOf(trace).name()));
    }

    /** Last: a stray second segment (Boot's /error dispatch, an async dispatch) has arrived by now. */
    @Test
    @Order(100)
    void everyRequestIsOneSegment() {
        exchanges.send(host, "control", "/owners/1");
        exchanges.traceOf("control");
        Support.assertOneSegmentPerUserAgent(receiver, segment -> true);
    }
}
