package io.telemetryagent.it;

import static io.telemetryagent.it.Support.TRACE_HEADER;
import static io.telemetryagent.it.Support.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * span {@code 127.0.0.1}. One host per combination, all started and sent their request up front
 * (their start-up and export periods overlap); each test then checks its own host's documents.
 */
@ExtendWith(HostOutputOnFailure.class)
class LayersTest {

    /** {@code absent}, or which of router, pipe, backend are true: {@code R-B} is router and backend. */
    private static final List<String> COMBINATIONS = List.of("absent", "RPB", "RP-", "R-B", "R--", "-PB", "-P-", "--B", "---");

    private static XRayReceiver receiver;
    private static EchoHeadersServer echo;
    private static final Map<String, HostJvm> hosts = new LinkedHashMap<>();
    private static final Map<String, HttpResult> responses = new ConcurrentHashMap<>();
    private static final Map<String, String> userAgents = new ConcurrentHashMap<>();

    @BeforeAll
    static void startOneHostPerCombination() throws InterruptedException {
        receiver = XRayReceiver.startNew();
        echo = EchoHeadersServer.start();
        List<HostJvm.Builder> builders = new ArrayList<>();
        for (String layers : COMBINATIONS) {
            Configs config = Configs.to(receiver).serviceName(service(layers)).sampleRate(100);
            if (!layers.equals("absent")) {
                config.layers(on(layers, 0), on(layers, 1), on(layers, 2));
            }
            builders.add(HostJvm.builder(DemoService.class).config(config));
        }
        List<HostJvm> started = HostJvm.startAll(builders);
        for (int i = 0; i < COMBINATIONS.size(); i++) {
            hosts.put(COMBINATIONS.get(i), started.get(i));
        }
        List<Thread> senders = new ArrayList<>();
        for (String layers : COMBINATIONS) {
            Thread sender = new Thread(() -> {
                String userAgent = HostJvm.marker("layers");
                userAgents.put(layers, userAgent);
                responses.put(layers, hosts.get(layers).get("/chain?to=" + encode(echo.url(path(layers))),
                        Map.of("User-Agent", userAgent)));
            });
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
    }

    @AfterAll
    static void stop() {
        HostJvm.closeAll(new ArrayList<>(hosts.values()));
        echo.close();
        receiver.close();
    }

    /**
     * @param layers see {@link #COMBINATIONS}
     * @param tree   the expected tree of span names, children in parentheses, {@code S} for the
     *               service name; empty: nothing recorded
     */
    @ParameterizedTest(name = "enabled_layers {0} records {1}")
    @CsvSource(delimiter = '|', value = {
            "absent | S(GET /chain(127.0.0.1))",
            "RPB    | S(GET /chain(127.0.0.1))",
            "RP-    | S(GET /chain)",
            "R-B    | S(127.0.0.1)",
            "R--    | S",
            "-PB    | S(127.0.0.1)",
            "-P-    | S",
            "--B    | S",
            // Last: by now every other host's documents have arrived, so this one's would have too.
            "---    | ''",
    })
    void recordsExactlyTheEnabledLayersWithTheOutermostAsSegment(String layers, String tree) {
        String service = service(layers);
        HttpResult response = responses.get(layers);
        assertEquals(200, response.status(), response.body());
        String expected = tree.replace("S", service);
        int spans = expected.isEmpty() ? 0 : expected.split("[(,]").length;
        if (spans > 0) {
            receiver.awaitDocuments(d -> service.equals(d.path("name").asText()), 1, Support.ARRIVAL);
            receiver.awaitTrace(t -> t.segment(service).isPresent() && t.spanCount() >= spans, Support.ARRIVAL);
        }

        List<XRayTrace> traces = receiver.traces().stream().filter(t -> t.segment(service).isPresent()).toList();
        String actual = traces.stream().flatMap(t -> t.roots().stream()).map(LayersTest::shape)
                .collect(Collectors.joining(" + "));
        assertEquals(expected, actual, "span tree for enabled_layers " + layers + ": " + receiver.describe());
        if (spans == 0) {
            return;
        }
        XRaySpan segment = traces.get(0).roots().get(0);
        assertTrue(segment.isSegment(), "the outermost span is the segment");
        String target = echo.url(path(layers));
        boolean router = on(layers, 0);
        boolean pipe = on(layers, 1);
        boolean backend = on(layers, 2);
        if (router) {
            assertEquals(userAgents.get(layers), segment.userAgent(), "the router span is the segment");
        } else if (pipe) {
            assertNotEquals(target, segment.url(), "the pipe span, not the backend span, is the segment");
        } else {
            assertEquals(target, segment.url(), "the backend span is the segment");
        }
        if (backend) {
            XRaySpan call = segment.find(s -> target.equals(s.url())).orElseThrow();
            Map<String, String> header = Support.parseTraceHeader(
                    echo.await(path(layers), Duration.ofSeconds(5)).header(TRACE_HEADER));
            assertEquals(segment.text("/trace_id"), header.get("Root"));
            assertEquals(call.id(), header.get("Parent"));
        }
        Support.assertNoSchemaViolations(receiver);
    }

    private static boolean on(String layers, int index) {
        return layers.equals("absent") || layers.charAt(index) != '-';
    }

    /** layers-rpb, layers-rb, layers-none, layers-default, ... */
    private static String service(String layers) {
        if (layers.equals("absent")) {
            return "layers-default";
        }
        String on = (on(layers, 0) ? "r" : "") + (on(layers, 1) ? "p" : "") + (on(layers, 2) ? "b" : "");
        return "layers-" + (on.isEmpty() ? "none" : on);
    }

    private static String path(String layers) {
        return "/layers/" + service(layers);
    }

    private static String shape(XRaySpan span) {
        if (span.children().isEmpty()) {
            return span.name();
        }
        return span.name() + "(" + span.children().stream().map(LayersTest::shape).collect(Collectors.joining(", ")) + ")";
    }
}
