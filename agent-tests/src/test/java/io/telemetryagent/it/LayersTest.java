package io.telemetryagent.it;

import static io.telemetryagent.it.Support.TRACE_HEADER;
import static io.telemetryagent.it.Support.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SPEC §2 {@code enabled_layers} and §3: each combination records exactly its layers, and the
 * outermost recorded span is the segment (named after the service) with the others nested under it.
 * The request is {@code GET /chain?to=<echo>}: router span, pipe span {@code GET /chain}, backend
 * span {@code 127.0.0.1}.
 */
@ExtendWith(HostOutputOnFailure.class)
class LayersTest {

    private static final String SERVICE = "layers";

    private static XRayReceiver receiver;
    private static EchoHeadersServer echo;

    @BeforeAll
    static void start() {
        receiver = XRayReceiver.startNew();
        echo = EchoHeadersServer.start();
    }

    @AfterAll
    static void stop() {
        echo.close();
        receiver.close();
    }

    /**
     * @param layers {@code absent}, or which of router, pipe, backend are true (e.g. {@code R-B})
     * @param tree   the expected tree of span names, children in parentheses; empty: nothing recorded
     */
    @ParameterizedTest(name = "enabled_layers {0} records {1}")
    @CsvSource(delimiter = '|', value = {
            "absent | layers(GET /chain(127.0.0.1))",
            "RPB    | layers(GET /chain(127.0.0.1))",
            "RP-    | layers(GET /chain)",
            "R-B    | layers(127.0.0.1)",
            "R--    | layers",
            "-PB    | layers(127.0.0.1)",
            "-P-    | layers",
            "--B    | layers",
            "---    | ''",
    })
    void recordsExactlyTheEnabledLayersWithTheOutermostAsSegment(String layers, String tree) {
        receiver.clear();
        Configs config = Configs.to(receiver).serviceName(SERVICE).sampleRate(100);
        boolean router = layers.equals("absent") || layers.charAt(0) == 'R';
        boolean pipe = layers.equals("absent") || layers.charAt(1) == 'P';
        boolean backend = layers.equals("absent") || layers.charAt(2) == 'B';
        if (!layers.equals("absent")) {
            config.layers(router, pipe, backend);
        }
        String userAgent = HostJvm.marker("layers");
        String path = "/layers/" + userAgent;
        try (HostJvm host = HostJvm.builder(DemoService.class).config(config).start()) {

            HttpResult response = host.get("/chain?to=" + encode(echo.url(path)), Map.of("User-Agent", userAgent));

            assertEquals(200, response.status(), response.body());
            if (tree.isEmpty()) {
                // Nothing is recorded; a later request on another host proves the receiver was reachable.
                sleep(Duration.ofMillis(2500));
            } else {
                int spans = (router ? 1 : 0) + (pipe ? 1 : 0) + (backend ? 1 : 0);
                receiver.awaitTrace(t -> t.spanCount() >= spans, Support.ARRIVAL);
            }
        }
        // The host is gone (and flushed at shutdown): everything it would send has arrived.
        List<XRayTrace> traces = receiver.traces();
        String actual = traces.stream().flatMap(t -> t.roots().stream()).map(LayersTest::shape)
                .collect(Collectors.joining(" + "));
        assertEquals(tree, actual, "span tree for enabled_layers " + layers + ": " + receiver.describe());
        if (tree.isEmpty()) {
            assertEquals(0, receiver.requestCount(), "no call to X-Ray with every layer off");
            return;
        }
        XRaySpan segment = traces.get(0).roots().get(0);
        assertTrue(segment.isSegment(), "the outermost span is the segment");
        EchoHeadersServer.Received downstream = echo.await(path, Duration.ofSeconds(5));
        if (router) {
            assertEquals(userAgent, segment.userAgent(), "the router span is the segment");
        } else if (pipe) {
            assertTrue(!echo.url(path).equals(segment.url()), "the pipe span, not the backend span, is the segment");
        } else {
            assertEquals(echo.url(path), segment.url(), "the backend span is the segment");
        }
        if (backend) {
            XRaySpan call = segment.find(s -> echo.url(path).equals(s.url())).orElseThrow();
            Map<String, String> header = Support.parseTraceHeader(downstream.header(TRACE_HEADER));
            assertEquals(segment.text("/trace_id"), header.get("Root"));
            assertEquals(call.id(), header.get("Parent"));
        }
        Support.assertNoSchemaViolations(receiver);
    }

    private static String shape(XRaySpan span) {
        if (span.children().isEmpty()) {
            return span.name();
        }
        return span.name() + "(" + span.children().stream().map(LayersTest::shape).collect(Collectors.joining(", ")) + ")";
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
