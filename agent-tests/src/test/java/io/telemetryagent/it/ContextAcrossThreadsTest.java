package io.telemetryagent.it;

import static io.telemetryagent.it.Support.ARRIVAL;
import static io.telemetryagent.it.Support.TRACE_HEADER;
import static io.telemetryagent.it.Support.encode;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.hosts.EchoHeadersServer;
import com.example.hosts.ThreadsService;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.Jdk;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4, context across threads: a call made from another thread than the request's, however
 * the work got there, is a subsegment of the request's pipe span, and the trace header it sends
 * names that subsegment; a pool thread reused by work from outside any request carries nothing
 * over. Run on this JDK and on Temurin 25 (whose fork-join pool, threads and CompletableFuture
 * work differently inside), against a real downstream server that records what it received.
 */
@ExtendWith(HostOutputOnFailure.class)
class ContextAcrossThreadsTest {

    private static final String SERVICE = "threads";

    private static XRayReceiver receiver;
    private static EchoHeadersServer echo;
    private static final Map<String, HostJvm> HOSTS = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        receiver = XRayReceiver.startNew();
        echo = EchoHeadersServer.start();
        for (Jdk jdk : Jdk.available()) {
            // One common-pool worker: work from different requests meets on the same thread.
            HOSTS.put(jdk.name(), HostJvm.builder(ThreadsService.class).jdk(jdk)
                    .systemProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "1")
                    .config(Configs.to(receiver).serviceName(SERVICE)).start());
        }
    }

    @AfterAll
    static void stop() {
        HOSTS.values().forEach(HostJvm::close);
        echo.close();
        receiver.close();
    }

    /** Each way to hand work to another thread, with the number of calls it makes. */
    static Stream<Arguments> handOffs() {
        List<Arguments> all = new ArrayList<>();
        for (String jdk : jdkNames()) {
            for (String endpoint : List.of("/execute", "/submit", "/invoke-any", "/schedule", "/supply-async",
                    "/supply-async-pool", "/supply-async-common", "/supply-async-custom", "/then-apply-async",
                    "/fork-join", "/fork", "/thread")) {
                all.add(Arguments.of(jdk, endpoint, 1));
            }
            all.add(Arguments.of(jdk, "/invoke-all", 3));
            all.add(Arguments.of(jdk, "/parallel", 3));
        }
        return all.stream();
    }

    static Stream<Arguments> reusedWorkers() {
        List<Arguments> all = new ArrayList<>();
        for (String jdk : jdkNames()) {
            for (String mechanism : List.of("execute", "submit", "submit-throw", "schedule", "supply-async", "fork-join")) {
                all.add(Arguments.of(jdk, mechanism));
            }
        }
        return all.stream();
    }

    static Stream<String> jdks() {
        return jdkNames().stream();
    }

    private static List<String> jdkNames() {
        return Jdk.available().stream().map(Jdk::name).collect(Collectors.toList());
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("handOffs")
    void aCallFromAnotherThreadIsASubsegmentOfThePipeSpanAndNamesItInItsHeader(String jdk, String endpoint, int calls) {
        HostJvm host = HOSTS.get(jdk);
        String userAgent = HostJvm.marker("handoff");
        String downstream = "/down/" + userAgent;

        HttpResult response = host.get(endpoint + "?n=" + calls + "&to=" + encode(echo.url(downstream)),
                Map.of("User-Agent", userAgent));

        assertEquals(200, response.status(), response.body());
        assertFalse(response.body().contains("error"), response.body());
        if (endpoint.equals("/parallel")) {
            // The stream's caller takes part: some calls may stay on the request thread, not all.
            assertTrue(List.of(response.body().split(",")).stream().anyMatch(r -> !r.endsWith("@request-thread")),
                    "no call left the request thread: " + response.body());
        } else {
            assertFalse(response.body().contains("@request-thread"), "the call stayed on the request thread");
        }
        XRayTrace trace = Support.traceOf(receiver, userAgent);
        assertEquals(1, trace.segments().size(), "one segment, every call inside it:\n" + trace.tree());
        XRaySpan segment = trace.segments().get(0);
        assertEquals(1, segment.children().size(), trace.tree());
        XRaySpan pipe = segment.children().get(0);
        assertEquals("GET " + endpoint, pipe.name());
        List<XRaySpan> backends = pipe.children();
        assertEquals(calls, backends.size(), "backend subsegments under the pipe span:\n" + trace.tree());
        for (int i = 1; i <= calls; i++) {
            String path = calls == 1 ? downstream : downstream + "-" + i;
            XRaySpan backend = backends.stream().filter(b -> echo.url(path).equals(b.url())).findFirst()
                    .orElseThrow(() -> new AssertionError("no backend subsegment for " + path + ":\n" + trace.tree()));
            Map<String, String> header = Support.parseTraceHeader(echo.await(path, Duration.ofSeconds(5)).header(TRACE_HEADER));
            assertAll(path,
                    () -> assertFalse(backend.isSegment()),
                    () -> assertEquals("remote", backend.namespace()),
                    () -> assertEquals(200, backend.status()),
                    () -> assertEquals(trace.traceId(), header.get("Root"), "Root"),
                    () -> assertEquals(backend.id(), header.get("Parent"), "Parent: the backend subsegment"),
                    () -> assertEquals("1", header.get("Sampled")));
        }
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("reusedWorkers")
    void aPooledThreadCarriesNothingIntoWorkHandedOffOutsideAnyRequest(String jdk, String mechanism) {
        HostJvm host = HOSTS.get(jdk);
        String requestA = HostJvm.marker("reuse-a");
        String pathA = "/reuse-a/" + requestA;
        assertEquals(200, host.get("/solo/" + mechanism + "?to=" + encode(echo.url(pathA)),
                Map.of("User-Agent", requestA)).status());
        XRayTrace traceA = Support.traceOf(receiver, requestA);
        assertTrue(traceA.span(s -> echo.url(pathA).equals(s.url())).isPresent(), "A's call is in A's trace\n" + traceA.tree());

        // The same worker thread, then work handed to it by a thread that serves no request.
        String requestB = HostJvm.marker("reuse-b");
        String pathB = "/reuse-b/" + requestB;
        assertEquals(200, host.get("/untraced/" + mechanism + "?to=" + encode(echo.url(pathB)),
                Map.of("User-Agent", requestB)).status());

        Map<String, String> header = Support.parseTraceHeader(echo.await(pathB, Duration.ofSeconds(5)).header(TRACE_HEADER));
        assertNotEquals(traceA.traceId(), header.get("Root"), "the later work joined A's trace");
        XRayTrace own = receiver.awaitTrace(t -> t.traceId().equals(header.get("Root")), ARRIVAL);
        XRaySpan call = own.span(s -> echo.url(pathB).equals(s.url()))
                .orElseThrow(() -> new AssertionError("the call's own trace:\n" + own.tree()));
        assertAll("a trace of its own",
                () -> assertTrue(call.isSegment(), own.tree()),
                () -> assertNull(call.parentId(), "no parent: " + own.tree()),
                () -> assertEquals(SERVICE, call.name()),
                () -> assertEquals(call.id(), header.get("Parent")),
                () -> assertFalse(own.span(s -> requestB.equals(s.userAgent())).isPresent(), "nor the untraced request's"));
        XRayTrace traceB = Support.traceOf(receiver, requestB);
        assertFalse(traceB.span(s -> "remote".equals(s.namespace())).isPresent(), traceB.tree());
        assertFalse(receiver.trace(traceA.traceId()).span(s -> echo.url(pathB).equals(s.url())).isPresent());
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("jdks")
    void aCallThatRunsAfterTheRequestEndedContinuesItsTraceUnderThePipeSpan(String jdk) {
        HostJvm host = HOSTS.get(jdk);
        String userAgent = HostJvm.marker("late");
        String path = "/late/" + userAgent;

        HttpResult response = host.get("/late?to=" + encode(echo.url(path)), Map.of("User-Agent", userAgent));

        assertEquals("queued", response.body());
        Map<String, String> header = Support.parseTraceHeader(echo.await(path, Duration.ofSeconds(10)).header(TRACE_HEADER));
        XRayTrace trace = receiver.awaitTrace(t -> t.traceId().equals(header.get("Root"))
                && t.span(s -> echo.url(path).equals(s.url())).isPresent()
                && t.span(s -> userAgent.equals(s.userAgent())).isPresent(), ARRIVAL);
        XRaySpan pipe = trace.span("GET /late").orElseThrow(() -> new AssertionError(trace.tree()));
        XRaySpan call = trace.span(s -> echo.url(path).equals(s.url())).orElseThrow();
        assertAll(trace.tree(),
                () -> assertTrue(call.isSegment(), "a segment of its own: the request's was sent already"),
                () -> assertEquals(pipe.id(), call.parentId(), "parent: the pipe span"),
                () -> assertSame(pipe, call.parent()),
                () -> assertEquals(call.id(), header.get("Parent")));
    }
}
