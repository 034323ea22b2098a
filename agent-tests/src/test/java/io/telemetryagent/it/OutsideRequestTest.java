package io.telemetryagent.it;

import static io.telemetryagent.it.Support.ARRIVAL;
import static io.telemetryagent.it.Support.SEGMENT_ID;
import static io.telemetryagent.it.Support.TRACE_HEADER;
import static io.telemetryagent.it.Support.TRACE_ID;
import static io.telemetryagent.it.Support.encode;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.hosts.BackgroundWorkService;
import com.fasterxml.jackson.databind.JsonNode;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 4 item 3 and SPEC §3–4: outbound calls made outside any request, and by work that outlives
 * the request that started it ({@code com.example.hosts.BackgroundWorkService}, against a real
 * downstream server that records the headers it received).
 *
 * <ul>
 *   <li>Outside any request (start-up in {@code main}, a plain {@code new Thread}, each run of a
 *       {@code scheduleAtFixedRate} job, even one a request scheduled), with {@code backend} on and
 *       the trace sampled: each call is a segment of its own, in a trace of its own, named after the
 *       service, and its header names that segment. Sample rate 0: the header says
 *       {@code Sampled=0} and nothing is exported. Backend off: no header, nothing exported.</li>
 *   <li>Work that outlives its request (a task handed to a pool, running 300 ms after the answer):
 *       its call is a segment of its own in the request's trace, whose parent is the span current
 *       at the hand-off (the pipe span, or the router segment with the pipe layer off), and the
 *       request's own segment still arrives complete.</li>
 * </ul>
 *
 * One host per configuration, all started at once; every test uses its own paths.
 */
@ExtendWith(HostOutputOnFailure.class)
@Execution(ExecutionMode.CONCURRENT)
class OutsideRequestTest {

    private static final String ALL = "outside";
    private static final String NO_PIPE = "outside-nopipe";
    private static final String UNSAMPLED = "outside-unsampled";
    private static final String NO_BACKEND = "outside-nobackend";
    /** The start-up job's runs (BackgroundWorkService calls tick-1 .. tick-3 at start-up). */
    private static final int STARTUP_TICKS = 3;

    private static XRayReceiver receiver;
    private static Downstream downstream;
    private static final Map<String, HostJvm> HOSTS = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        receiver = XRayReceiver.startNew();
        downstream = Downstream.start();
        List<String> services = List.of(ALL, NO_PIPE, UNSAMPLED, NO_BACKEND);
        List<HostJvm.Builder> builders = new ArrayList<>();
        for (String service : services) {
            Configs config = Configs.to(receiver).serviceName(service);
            switch (service) {
                case NO_PIPE -> config.layers(true, false, true);
                case UNSAMPLED -> config.sampleRate(0);
                case NO_BACKEND -> config.layers(true, true, false);
                default -> { }
            }
            builders.add(HostJvm.builder(BackgroundWorkService.class).config(config).args(startupUrl(service)));
        }
        List<HostJvm> started = HostJvm.startAll(builders);
        for (int i = 0; i < services.size(); i++) {
            HOSTS.put(services.get(i), started.get(i));
        }
    }

    @AfterAll
    static void stop() {
        HostJvm.closeAll(new ArrayList<>(HOSTS.values()));
        downstream.close();
        receiver.close();
    }

    // ---------------------------------------------------------------- outside any request, sampled

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ALL, NO_PIPE})
    void eachCallAtStartUpIsASegmentOfItsOwnInATraceOfItsOwn(String service) {
        List<String> paths = new ArrayList<>(List.of(startupPath(service, "main"), startupPath(service, "thread")));
        for (int i = 1; i <= STARTUP_TICKS; i++) {
            paths.add(startupPath(service, "tick-" + i)); // each run of the job started by main
        }
        Set<String> traceIds = new HashSet<>();
        for (String path : paths) {
            traceIds.add(assertOwnSegment(service, path).traceId());
        }
        assertEquals(paths.size(), traceIds.size(), "a trace per call: " + traceIds);
    }

    @Test
    void eachRunOfAFixedRateJobARequestScheduledIsATraceOfItsOwnNotJoinedToTheRequest() {
        String marker = HostJvm.marker("fixed-rate");
        String to = "/fixed-rate/" + marker;
        int runs = 4;
        // The request waits for the first two runs: two run while it is open, two after it ended.
        HttpResult response = host(ALL).get("/fixed-rate?n=" + runs + "&wait=2&to=" + encode(downstream.url(to)),
                Map.of("User-Agent", marker));
        assertEquals("ran 2", response.body(), response.toString());

        XRayTrace request = Support.traceOf(receiver, marker);
        Set<String> traceIds = new HashSet<>();
        for (int i = 1; i <= runs; i++) {
            XRayTrace own = assertOwnSegment(ALL, to + "-" + i);
            assertNotEquals(request.traceId(), own.traceId(), "run " + i + " joined the request's trace");
            traceIds.add(own.traceId());
        }
        assertEquals(runs, traceIds.size(), "a trace per run: " + traceIds);
        XRayTrace requestNow = receiver.trace(request.traceId());
        assertAll("the request's trace holds no call of the job:\n" + requestNow.tree(),
                () -> assertEquals(1, requestNow.segments().size()),
                () -> assertFalse(requestNow.span(s -> "remote".equals(s.namespace())).isPresent()),
                () -> assertFalse(requestNow.span(s -> s.url() != null && s.url().startsWith(downstream.url(to))).isPresent()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"thread", "fixed-rate"})
    void aCallFromWorkStartedByABackgroundThreadIsASegmentOfItsOwn(String what) {
        String marker = HostJvm.marker("outside-" + what);
        String to = "/outside/" + marker;
        HttpResult response = host(ALL).get("/outside/" + what + "?n=2&to=" + encode(downstream.url(to)),
                Map.of("User-Agent", marker));
        assertEquals(200, response.status(), response.toString());

        XRayTrace request = Support.traceOf(receiver, marker);
        List<String> paths = what.equals("thread") ? List.of(to) : List.of(to + "-1", to + "-2");
        Set<String> traceIds = new HashSet<>();
        for (String path : paths) {
            XRayTrace own = assertOwnSegment(ALL, path);
            assertNotEquals(request.traceId(), own.traceId(), "joined the trace of the request that waited for it");
            traceIds.add(own.traceId());
        }
        assertEquals(paths.size(), traceIds.size(), "a trace per call: " + traceIds);
    }

    // ---------------------------------------------------------------- outside any request, not recorded

    @Test
    void atSampleRateZeroTheCallsCarrySampledZeroAndNothingIsExported() {
        HostJvm host = host(UNSAMPLED);
        host.awaitStdout(line -> line.equals("DONE " + startupUrl(UNSAMPLED) + "/tick"), Duration.ofSeconds(20));
        Set<String> roots = new HashSet<>();
        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        for (String path : startupPaths(UNSAMPLED)) {
            List<String> headers = receivedOnce(path).header(TRACE_HEADER);
            Map<String, String> header = headers.size() == 1 ? Support.parseTraceHeader(headers.get(0)) : Map.of();
            roots.add(header.get("Root"));
            checks.add(() -> assertEquals(1, headers.size(), path + ": one X-Amzn-Trace-Id: " + headers));
            checks.add(() -> assertTrue(TRACE_ID.matcher(String.valueOf(header.get("Root"))).matches(), path + ": Root " + header));
            checks.add(() -> assertTrue(SEGMENT_ID.matcher(String.valueOf(header.get("Parent"))).matches(), path + ": Parent " + header));
            checks.add(() -> assertEquals("0", header.get("Sampled"), path + ": " + header));
        }
        assertAll("headers sent outside any request at sample rate 0", checks);
        assertEquals(startupPaths(UNSAMPLED).size(), roots.size(), "a trace per call: " + roots);

        // A request the upstream sampled is recorded whatever the rate: once it has arrived, so has anything before it.
        Support.sendControlAndAwait(host, receiver, Map.of(TRACE_HEADER, "Root=" + Support.newTraceId() + ";Sampled=1"));
        assertNothingExportedFor(UNSAMPLED, roots);
    }

    @Test
    void withTheBackendLayerOffTheCallsCarryNoHeaderAndNothingIsExported() {
        HostJvm host = host(NO_BACKEND);
        host.awaitStdout(line -> line.equals("DONE " + startupUrl(NO_BACKEND) + "/tick"), Duration.ofSeconds(20));
        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        for (String path : startupPaths(NO_BACKEND)) {
            Downstream.Received received = receivedOnce(path);
            checks.add(() -> assertEquals(List.of(), received.header(TRACE_HEADER), path + ": no header added"));
        }
        assertAll("calls outside any request with the backend layer off", checks);

        Support.sendControlAndAwait(host, receiver, Map.of());
        assertNothingExportedFor(NO_BACKEND, Set.of());
    }

    // ---------------------------------------------------------------- work that outlives its request

    /**
     * {@code start}: {@code early}, the task starts while the request is open, and makes its call
     * once the request's segment has reached the receiver (a gate the test releases); {@code late},
     * it waits in the pool's queue behind a task held by that gate, and starts only then.
     */
    @ParameterizedTest(name = "{0}, task starting {1}")
    @CsvSource({ALL + ", early", ALL + ", late", NO_PIPE + ", early", NO_PIPE + ", late"})
    void aCallFromATaskThatOutlivesItsRequestIsASegmentOfItsOwnInTheSameTraceUnderTheHandOffSpan(String service,
                                                                                                   String start) {
        String marker = HostJvm.marker("hand-off");
        String path = "/hand-off/" + marker;
        String url = downstream.url(path);

        HttpResult response = host(service).get("/hand-off?gate=" + marker + "&start=" + start + "&to=" + encode(url),
                Map.of("User-Agent", marker));

        assertEquals("queued", response.body(), response.toString());
        Support.segmentOf(receiver, marker); // the request is over: its segment was sent
        assertEquals("released", host(service).get("/release?gate=" + marker).body());
        Map<String, String> header = headerOf(path);
        XRayTrace trace = receiver.awaitTrace(t -> t.traceId().equals(header.get("Root"))
                && t.span(s -> url.equals(s.url())).isPresent()
                && t.span(s -> marker.equals(s.userAgent())).isPresent(), ARRIVAL);
        String context = service + ", task starting " + start + "\n" + trace.tree();
        XRaySpan segment = trace.segments().stream().filter(s -> marker.equals(s.userAgent())).findFirst()
                .orElseThrow(() -> new AssertionError("the request's segment: " + context));
        XRaySpan call = trace.span(s -> url.equals(s.url())).orElseThrow();
        // The span current when the task was handed off: the pipe span, else the router segment.
        XRaySpan handOff = service.equals(NO_PIPE) ? segment
                : trace.span("GET /hand-off").orElseThrow(() -> new AssertionError("no pipe span: " + context));
        assertAll(context,
                () -> assertEquals(2, trace.segments().size(), "the request's segment and the call's"),
                () -> assertTrue(call.isSegment(), "a segment of its own: the request's was sent already"),
                () -> assertEquals(service, call.name()),
                () -> assertEquals(handOff.id(), call.parentId(), "parent_id: the span current at the hand-off"),
                () -> assertEquals(200, call.status()),
                () -> assertEquals("GET", call.text("/http/request/method")),
                () -> assertTrue(call.has("/end_time"), "ended: " + call.doc()),
                () -> assertTrue(call.startTime() >= segment.endTime(), "the call started after the request ended"),
                () -> assertEquals(trace.traceId(), header.get("Root"), "Root"),
                () -> assertEquals(call.id(), header.get("Parent"), "Parent: the call's segment"),
                () -> assertEquals("1", header.get("Sampled"), "Sampled"),
                () -> assertEquals(1, downstream.await(path, Duration.ZERO).size(), "one request downstream"));
        assertRequestSegmentComplete(segment, service, "GET /hand-off", context);
        Support.assertNoSchemaViolations(receiver);
    }

    /**
     * The call starts while the request is open (a subsegment of it, named in the header), and its
     * response comes 3 s later, after the request's segment was sent: the ended call must still reach
     * X-Ray (as a {@code type: subsegment} document of its own, say), or X-Ray shows it pending for ever.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ALL, NO_PIPE})
    void aSendAsyncWhoseResponseArrivesAfterTheRequestEndedIsExportedComplete(String service) {
        HostJvm host = host(service);
        String marker = HostJvm.marker("send-async");
        String path = "/send-async/" + marker;
        String to = downstream.url(path + "?stall_ms=3000");

        HttpResult response = host.get("/send-async?to=" + encode(to), Map.of("User-Agent", marker));

        assertEquals("sent", response.body(), response.toString());
        Map<String, String> header = headerOf(path);
        XRaySpan segment = Support.segmentOf(receiver, marker);
        assertFalse(host.stdoutLines().contains("CALLED " + to + " 200"),
                "precondition: the response came before the request's segment was sent (a very slow machine?)");
        host.awaitStdout(line -> line.equals("CALLED " + to + " 200"), Duration.ofSeconds(20));
        String traceId = segment.text("/trace_id");
        // Whatever the agent sends about the call once it has ended is queued by now.
        Support.sendControlAndAwait(host, receiver, Map.of());

        XRayTrace trace = receiver.trace(traceId);
        String context = service + "\n" + trace.tree() + "\ndocuments:\n" + documentsOf(trace.traceId());
        // Every version of the call's span received, however sent (in the segment, or as a document of its own).
        List<JsonNode> versions = spansWithId(trace.traceId(), header.get("Parent"));
        assertAll(context,
                () -> assertEquals(traceId, header.get("Root"), "Root: the request's trace"),
                () -> assertEquals("1", header.get("Sampled")),
                () -> assertFalse(versions.isEmpty(), "no span with the id of the header's Parent " + header),
                () -> assertTrue(versions.stream().anyMatch(v -> v.has("end_time") && !v.path("in_progress").asBoolean(false)
                                && v.at("/http/response/status").asInt() == 200),
                        "no ended version of the call's span with status 200 (the response came after the request"
                                + " ended): " + versions));
        assertRequestSegmentComplete(segment, service, "GET /send-async", context);
        Support.assertNoSchemaViolations(receiver);
    }

    // ---------------------------------------------------------------- helpers

    private static HostJvm host(String service) {
        return HOSTS.get(service);
    }

    /** Where a host's start-up calls go: {@code <downstream>/startup/<service>}. */
    private static String startupUrl(String service) {
        return downstream.url("/startup/" + service);
    }

    private static String startupPath(String service, String call) {
        return "/startup/" + service + "/" + call;
    }

    /** Every call a host makes at start-up: from main, from a plain thread, and each run of the job. */
    private static List<String> startupPaths(String service) {
        List<String> paths = new ArrayList<>(List.of(startupPath(service, "main"), startupPath(service, "thread")));
        for (int i = 1; i <= STARTUP_TICKS; i++) {
            paths.add(startupPath(service, "tick-" + i));
        }
        return paths;
    }

    /** The one request the downstream server received for {@code path}. */
    private static Downstream.Received receivedOnce(String path) {
        List<Downstream.Received> received = downstream.await(path, Duration.ofSeconds(20));
        assertEquals(1, received.size(), "one request downstream for " + path + ": " + received);
        return received.get(0);
    }

    /** The X-Amzn-Trace-Id the downstream server received for {@code path}, parsed; exactly one. */
    private static Map<String, String> headerOf(String path) {
        List<String> headers = receivedOnce(path).header(TRACE_HEADER);
        assertEquals(1, headers.size(), "one X-Amzn-Trace-Id for " + path + ": " + headers);
        return Support.parseTraceHeader(headers.get(0));
    }

    /**
     * The call to {@code path} is a sampled segment of its own in a trace of its own: named after
     * the service, no parent, its HTTP facts, and the header downstream names it.
     */
    private static XRayTrace assertOwnSegment(String service, String path) {
        String url = downstream.url(path);
        Map<String, String> header = headerOf(path);
        XRayTrace trace = receiver.awaitTrace(t -> t.traceId().equals(header.get("Root"))
                && t.span(s -> url.equals(s.url())).isPresent(), ARRIVAL);
        XRaySpan call = trace.span(s -> url.equals(s.url())).orElseThrow();
        assertAll(path + "\n" + trace.tree() + call.doc(),
                () -> assertTrue(call.isSegment(), "a segment"),
                () -> assertEquals(service, call.name(), "named after the service"),
                () -> assertNull(call.parentId(), "no parent_id: a trace of its own"),
                () -> assertEquals(1, trace.spanCount(), "the trace holds the call alone"),
                () -> assertEquals("GET", call.text("/http/request/method")),
                () -> assertEquals(200, call.status()),
                () -> assertTrue(call.has("/end_time") && !call.has("/in_progress"), "ended"),
                () -> assertEquals(call.id(), header.get("Parent"), "Parent: the segment"),
                () -> assertEquals("1", header.get("Sampled"), "Sampled"));
        Support.assertNoSchemaViolations(receiver);
        return trace;
    }

    /** The request's segment arrived whole: ended, its status, its pipe span (when on) ended too. */
    private static void assertRequestSegmentComplete(XRaySpan segment, String service, String pipeName, String context) {
        // Its own subsegments, not the segments of later calls that the trace places under it.
        List<XRaySpan> pipes = segment.children().stream()
                .filter(c -> !c.isSegment() && !"remote".equals(c.namespace())).toList();
        assertAll("the request's own segment\n" + context,
                () -> assertEquals(service, segment.name()),
                () -> assertTrue(segment.has("/end_time") && !segment.has("/in_progress"), "ended: " + segment.doc()),
                () -> assertEquals(200, segment.status()),
                () -> assertEquals(NO_PIPE.equals(service) ? List.of() : List.of(pipeName),
                        pipes.stream().map(XRaySpan::name).toList(), "its pipe span"),
                () -> pipes.forEach(pipe ->
                        assertTrue(pipe.has("/end_time") && !pipe.has("/in_progress"), "pipe ended: " + pipe.doc())));
    }

    /** Nothing received names this service's start-up calls, nor any of these trace ids. */
    private static void assertNothingExportedFor(String service, Set<String> traceIds) {
        String prefix = startupUrl(service);
        List<String> found = new ArrayList<>();
        for (XRayTrace trace : receiver.traces()) {
            if (traceIds.contains(trace.traceId())) {
                found.add(trace.tree());
            } else {
                trace.span(s -> s.url() != null && s.url().startsWith(prefix)).ifPresent(s -> found.add(trace.tree()));
            }
        }
        assertEquals(List.of(), found, "exported for calls that should not be");
    }

    private static String documentsOf(String traceId) {
        StringBuilder out = new StringBuilder();
        for (JsonNode doc : receiver.documents()) {
            if (traceId.equals(doc.path("trace_id").asText())) {
                out.append(doc).append('\n');
            }
        }
        return out.toString();
    }

    /** Every span object with this id in the documents of the trace, embedded ones included. */
    private static List<JsonNode> spansWithId(String traceId, String id) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode doc : receiver.documents()) {
            if (traceId.equals(doc.path("trace_id").asText())) {
                collect(doc, id, found);
            }
        }
        return found;
    }

    private static void collect(JsonNode span, String id, List<JsonNode> found) {
        if (id != null && id.equals(span.path("id").asText())) {
            found.add(span);
        }
        for (JsonNode child : span.path("subsegments")) {
            collect(child, id, found);
        }
    }
}
