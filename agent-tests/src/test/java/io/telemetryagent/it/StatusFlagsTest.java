package io.telemetryagent.it;

import static io.telemetryagent.it.Support.encode;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.hosts.DemoService;
import com.example.hosts.EchoHeadersServer;
import com.fasterxml.jackson.databind.JsonNode;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SPEC §3 status flags: 4xx error, 429 also throttle, 5xx fault, exceptions as causes. */
@ExtendWith(HostOutputOnFailure.class)
@Execution(ExecutionMode.CONCURRENT)
class StatusFlagsTest {

    private static XRayReceiver receiver;
    private static EchoHeadersServer echo;
    private static HostJvm host;

    @BeforeAll
    static void start() {
        receiver = XRayReceiver.startNew();
        echo = EchoHeadersServer.start();
        host = HostJvm.builder(DemoService.class).config(Configs.to(receiver).serviceName("flags")).start();
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
        echo.close();
        receiver.close();
    }

    @ParameterizedTest(name = "{0} -> error {1}, throttle {2}, fault {3}")
    @CsvSource({
            "200, false, false, false",
            "404, true,  false, false",
            "429, true,  true,  false",
            "500, false, false, true",
            "503, false, false, true",
    })
    void flagsTheSegmentByStatus(int status, boolean error, boolean throttle, boolean fault) {
        String userAgent = HostJvm.marker("status-" + status);

        assertEquals(status, host.get("/status?code=" + status, Map.of("User-Agent", userAgent)).status());

        XRaySpan segment = Support.segmentOf(receiver, userAgent);
        assertAll(
                () -> assertEquals(status, segment.status()),
                () -> assertEquals(error, segment.error(), "error"),
                () -> assertEquals(throttle, segment.throttle(), "throttle"),
                () -> assertEquals(fault, segment.fault(), "fault"));
        Support.assertNoSchemaViolations(receiver);
    }

    @ParameterizedTest(name = "downstream {0} -> backend error {1}, throttle {2}, fault {3}")
    @CsvSource({
            "404, true,  false, false",
            "429, true,  true,  false",
            "502, false, false, true",
    })
    void flagsTheBackendSubsegmentByTheDownstreamStatus(int status, boolean error, boolean throttle, boolean fault) {
        String userAgent = HostJvm.marker("backend-" + status);

        host.get("/chain?to=" + encode(echo.url("/status/" + status)), Map.of("User-Agent", userAgent));

        XRayTrace trace = Support.traceOf(receiver, userAgent);
        XRaySpan backend = trace.span(s -> "remote".equals(s.namespace())).orElseThrow(() -> new AssertionError(trace.tree()));
        assertAll(
                () -> assertEquals(status, backend.status()),
                () -> assertEquals(error, backend.error(), "error"),
                () -> assertEquals(throttle, backend.throttle(), "throttle"),
                () -> assertEquals(fault, backend.fault(), "fault"));
    }

    @Test
    void recordsAnEscapingExceptionAsFaultWithItsCause() {
        String userAgent = HostJvm.marker("throw");

        HttpResult response = host.get("/throw", Map.of("User-Agent", userAgent));

        assertTrue(response.status() == -1 || response.status() >= 500, "the JDK server drops the exchange: " + response);
        XRayTrace trace = Support.traceOf(receiver, userAgent);
        XRaySpan segment = trace.segments().get(0);
        assertTrue(segment.fault(), "segment fault:\n" + trace.tree());
        XRaySpan withCause = trace.span(s -> s.has("/cause/exceptions/0"))
                .orElseThrow(() -> new AssertionError("no span with a cause:\n" + trace.tree()));
        JsonNode exception = withCause.doc().at("/cause/exceptions/0");
        assertAll(
                () -> assertTrue(withCause.fault(), "the span with the cause is a fault"),
                () -> assertTrue(exception.path("type").asText().contains("IllegalStateException"), exception.toString()),
                () -> assertEquals("boom from /throw", exception.path("message").asText()),
                () -> assertTrue(exception.path("stack").size() > 0, "a stack: " + exception),
                () -> assertTrue(exception.path("stack").toString().contains("DemoService"), "the handler's frame: " + exception),
                () -> assertFalse(exception.path("remote").asBoolean(false), "not remote"));
        Support.assertNoSchemaViolations(receiver);
    }

    @Test
    void recordsARefusedCallAsARemoteCauseOnTheBackendSubsegment() {
        String userAgent = HostJvm.marker("refused");

        HttpResult response = host.get("/refused", Map.of("User-Agent", userAgent));

        assertEquals(502, response.status());
        XRayTrace trace = Support.traceOf(receiver, userAgent);
        XRaySpan backend = trace.span(s -> "remote".equals(s.namespace()))
                .orElseThrow(() -> new AssertionError("no backend subsegment:\n" + trace.tree()));
        JsonNode exception = backend.doc().at("/cause/exceptions/0");
        assertAll(
                () -> assertEquals("127.0.0.1", backend.name()),
                () -> assertFalse(backend.isSegment()),
                () -> assertTrue(backend.fault(), "fault: " + backend.doc()),
                () -> assertTrue(exception.path("remote").asBoolean(false), "remote: true in " + backend.doc()),
                () -> assertTrue(exception.path("type").asText().contains("ConnectException"), exception.toString()),
                () -> assertTrue(exception.path("stack").size() > 0, "a stack: " + exception));
        Support.assertNoSchemaViolations(receiver);
    }
}
