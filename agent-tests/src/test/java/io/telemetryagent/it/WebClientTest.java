package io.telemetryagent.it;

import static io.telemetryagent.it.Support.ARRIVAL;
import static io.telemetryagent.it.Support.TRACE_HEADER;
import static io.telemetryagent.it.Support.encode;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spring's {@code WebClient} on Reactor Netty, and Reactor Netty's {@code HttpClient} used directly
 * (issue 4, SPEC §3–4): one backend subsegment per logical call, under the span current where the
 * call was subscribed (on the request thread with {@code block()}, {@code subscribe()} or
 * {@code toFuture()}, from an executor's task, from a Reactor scheduler, chained on another call's
 * response on the event loop), each outcome mapped, and the header that crossed the socket naming
 * the subsegment. All of a host's calls share one event-loop thread, so the calls of different
 * requests, and calls made outside any, meet on it. Two rows, each its own host JVM compiled
 * against the row's jars ({@code src/hosts/webclient}): Spring 6.1 with Reactor Netty 1.1, and
 * Spring 6.2 with Reactor Netty 1.2. Each checked call adds a row to
 * {@code target/webclient-outcomes.md}.
 */
@ExtendWith(HostOutputOnFailure.class)
@Execution(ExecutionMode.CONCURRENT)
class WebClientTest {

    /** A row: the directory its jars are copied to (agent-tests/pom.xml) and what it holds. */
    enum Row {
        RN11("rn11", "spring-webflux 6.1.14, reactor-netty 1.1.24"),
        RN12("rn12", "spring-webflux 6.2.1, reactor-netty 1.2.1");

        final String dir;
        final String label;

        Row(String dir, String label) {
            this.dir = dir;
            this.label = label;
        }

        Path lib() {
            return Path.of(System.getProperty("user.dir"), "target", "host-libs-webclient", dir);
        }
    }

    private static final String MAIN = "com.example.webclienthost.WebClientHost";
    private static final String SERVICE = "webclient";
    /** The read time-out the host's clients get for the time-out case; the server stalls longer. */
    private static final long TIMEOUT_MS = 500;
    private static final long STALL_MS = 2500;
    private static final Path TABLE = Path.of("target", "webclient-outcomes.md");

    private static XRayReceiver receiver;
    private static Downstream downstream;
    private static final Map<Row, HostJvm> HOSTS = new EnumMap<>(Row.class);
    private static HostJvm backendOff;

    @BeforeAll
    static void start() throws IOException {
        receiver = XRayReceiver.startNew();
        downstream = Downstream.start();
        Files.deleteIfExists(TABLE);
        List<HostJvm.Builder> builders = new ArrayList<>();
        for (Row row : Row.values()) {
            builders.add(host(row, Configs.to(receiver).serviceName(SERVICE)));
        }
        builders.add(host(Row.RN12, Configs.to(receiver).serviceName(SERVICE + "-backend-off").layers(true, true, false)));
        List<HostJvm> started = HostJvm.startAll(builders);
        for (Row row : Row.values()) {
            HOSTS.put(row, started.get(row.ordinal()));
        }
        backendOff = started.get(started.size() - 1);
        // The first call of a JVM loads and sets up most of the client: not inside a test's time limits.
        for (HostJvm host : started) {
            host.get("/call?client=webclient&to=" + encode(downstream.url("/warm-up")));
        }
    }

    @AfterAll
    static void stop() throws IOException {
        sortTable();
        List<HostJvm> all = new ArrayList<>(HOSTS.values());
        all.add(backendOff);
        HostJvm.closeAll(all);
        Support.closeAll(downstream, receiver);
    }

    private static HostJvm.Builder host(Row row, Configs config) {
        return HostJvm.builder(MAIN).config(config).classpathFirst(List.of(compile(row))).classpath(jars(row));
    }

    // ------------------------------------------------------------------ outcomes

    enum Outcome {
        OK_200("2xx"), NOT_FOUND_404("404"), THROTTLED_429("429"), FAULT_500("500"), REFUSED("refused"),
        TIMEOUT("response time-out"), APP_HEADER("app's own header");

        final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    /** Each row × client × way of calling: the query options, and its label in the table. */
    static Stream<Arguments> modes() {
        List<Arguments> all = new ArrayList<>();
        for (Row row : Row.values()) {
            all.add(Arguments.of(row, "webclient", "&mode=block", "WebClient | block() on the request thread"));
            all.add(Arguments.of(row, "webclient", "&mode=subscribe", "WebClient | subscribe() on the request thread, completing later"));
            all.add(Arguments.of(row, "webclient", "&mode=future", "WebClient | toFuture() on the request thread, waited on"));
            all.add(Arguments.of(row, "webclient", "&mode=executor", "WebClient | block() from an executor thread"));
            all.add(Arguments.of(row, "webclient", "&mode=block&h2=true", "WebClient | block(), HTTP/2 (h2c)"));
            all.add(Arguments.of(row, "netty", "&mode=block", "HttpClient | block() on the request thread"));
            all.add(Arguments.of(row, "netty", "&mode=subscribe", "HttpClient | subscribe() on the request thread, completing later"));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("modes")
    void recordsEveryOutcomeAndNamesTheSubsegmentDownstream(Row row, String client, String options, String mode) {
        HostJvm host = HOSTS.get(row);
        String label = row.label + " | " + mode;
        List<Sent> sent = new ArrayList<>();
        for (Outcome outcome : Outcome.values()) {
            String marker = HostJvm.marker(client + "-" + outcome.name().toLowerCase());
            String path = "/w/" + marker;
            String url = switch (outcome) {
                case OK_200, APP_HEADER -> downstream.url(path + "?status=200&secret=s3cr3t");
                case NOT_FOUND_404 -> downstream.url(path + "?status=404");
                case THROTTLED_429 -> downstream.url(path + "?status=429");
                case FAULT_500 -> downstream.url(path + "?status=500");
                case REFUSED -> Downstream.refusedUrl(path);
                case TIMEOUT -> downstream.url(path + "?stall_ms=" + STALL_MS);
            };
            // Only the time-out case gets a short time-out: a loaded machine must not fail the others.
            long timeout = outcome == Outcome.TIMEOUT ? TIMEOUT_MS : 10_000;
            String call = "/call?client=" + client + options + "&timeout_ms=" + timeout + "&to=" + encode(url);
            String appHeader = null;
            if (outcome == Outcome.APP_HEADER) {
                appHeader = "Root=" + Support.newTraceId() + ";Parent=" + Support.newSegmentId() + ";Sampled=1";
                call += "&trace_header=" + encode(appHeader);
            }
            sent.add(new Sent(outcome, marker, path, url, appHeader, host.get(call, Map.of("User-Agent", marker))));
        }
        List<Executable> checks = new ArrayList<>();
        for (Sent s : sent) {
            checks.add(() -> check(s, label));
        }
        assertAll(label, checks);
    }

    private record Sent(Outcome outcome, String marker, String path, String url, String appHeader, HttpResult response) {}

    private static void check(Sent s, String label) {
        String row = "| " + label + " | " + s.outcome().label + " | ";
        XRayTrace trace;
        try {
            trace = Support.traceOf(receiver, s.marker());
        } catch (AssertionError e) {
            addRow(row + "no trace | | ✗ |");
            throw e;
        }
        List<XRaySpan> backends = trace.spans().filter(span -> "remote".equals(span.namespace())).toList();
        List<Downstream.Received> received = s.outcome() == Outcome.REFUSED ? List.of()
                : downstream.await(s.path(), Duration.ofSeconds(5));
        String context = s.outcome() + " via " + label + "; host answered " + s.response() + "\n" + trace.tree();
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals(1, backends.size(), "one backend subsegment per call: " + context));
        String observed = "?";
        String headerCell = "n/a (no connection)";
        if (backends.size() == 1) {
            XRaySpan backend = backends.get(0);
            observed = describe(backend);
            checks.add(() -> assertEquals("127.0.0.1", backend.name(), context));
            checks.add(() -> assertFalse(backend.isSegment(), "a subsegment of the request's segment: " + context));
            checks.add(() -> assertEquals("GET /call", backend.parent() == null ? null : backend.parent().name(),
                    "under the span current where the call was subscribed (the pipe): " + context));
            checks.add(() -> assertFalse(backend.doc().path("in_progress").asBoolean(false), "ended: " + context));
            checks.add(() -> assertEquals("GET", backend.text("/http/request/method"), context));
            checks.add(() -> assertEquals(s.url().replaceFirst("\\?.*$", ""), backend.url(), "URL without its query: " + context));
            switch (s.outcome()) {
                case OK_200, APP_HEADER -> checks.add(() -> assertStatus(backend, 200, false, false, false, context));
                case NOT_FOUND_404 -> checks.add(() -> assertStatus(backend, 404, true, false, false, context));
                case THROTTLED_429 -> checks.add(() -> assertStatus(backend, 429, true, true, false, context));
                case FAULT_500 -> checks.add(() -> assertStatus(backend, 500, false, false, true, context));
                // Netty's connect exception carries no stack; the ConnectException it annotates does.
                case REFUSED -> checks.add(() -> assertRemoteCause(backend, "Connect", true, context));
                // Netty's read time-out is one shared instance without a stack: there is none to record.
                case TIMEOUT -> checks.add(() -> assertRemoteCause(backend, "Timeout", false, context));
            }
            switch (s.outcome()) {
                case REFUSED, TIMEOUT -> checks.add(() -> assertEquals(502, s.response().status(), "the app saw the failure"));
                default -> checks.add(() -> assertTrue(s.response().status() == 200
                        && s.response().body().startsWith("status " + backend.status() + " on "), "the app saw the status"));
            }
            if (s.outcome() == Outcome.APP_HEADER) {
                List<String> headers = received.isEmpty() ? List.of() : received.get(0).header(TRACE_HEADER);
                headerCell = List.of(s.appHeader()).equals(headers) ? "app's header kept, not traced" : "CHANGED: " + headers;
                checks.add(() -> assertEquals(1, received.size(), "one request downstream: " + received));
                checks.add(() -> assertEquals(List.of(s.appHeader()), headers, "the app's own header, untouched"));
                checks.add(() -> assertFalse(backend.doc().at("/http/request/traced").asBoolean(false), "not traced: " + context));
            } else if (s.outcome() != Outcome.REFUSED) {
                checks.add(() -> assertEquals(1, received.size(), "one request downstream: " + received));
                boolean allMatch = !received.isEmpty();
                for (Downstream.Received attempt : received) {
                    List<String> headers = attempt.header(TRACE_HEADER);
                    Map<String, String> parts = headers.size() == 1 ? Support.parseTraceHeader(headers.get(0)) : Map.of();
                    allMatch &= trace.traceId().equals(parts.get("Root")) && backend.id().equals(parts.get("Parent"));
                    checks.add(() -> assertEquals(1, headers.size(), "one X-Amzn-Trace-Id downstream: " + headers));
                    checks.add(() -> assertEquals(trace.traceId(), parts.get("Root"), "Root: " + headers));
                    checks.add(() -> assertEquals(backend.id(), parts.get("Parent"), "Parent is the backend subsegment: " + headers));
                    checks.add(() -> assertEquals("1", parts.get("Sampled"), "Sampled: " + headers));
                }
                headerCell = (allMatch ? "Root ✓ Parent ✓" : "Root/Parent ✗")
                        + (received.isEmpty() ? "" : " (" + received.get(0).protocol() + ")");
                checks.add(() -> assertTrue(backend.doc().at("/http/request/traced").asBoolean(false), "traced: " + context));
            }
        }
        try {
            assertAll(context, checks);
            addRow(row + observed + " | " + headerCell + " | ✓ |");
        } catch (AssertionError e) {
            addRow(row + observed + " | " + headerCell + " | ✗ |");
            throw e;
        }
    }

    private static void assertStatus(XRaySpan span, int status, boolean error, boolean throttle, boolean fault,
                                     String context) {
        assertAll(context,
                () -> assertEquals(status, span.status(), "status"),
                () -> assertEquals(Downstream.BODY.length(), span.doc().at("/http/response/content_length").asInt(-1),
                        "content_length"),
                () -> assertEquals(error, span.error(), "error"),
                () -> assertEquals(throttle, span.throttle(), "throttle"),
                () -> assertEquals(fault, span.fault(), "fault"),
                () -> assertFalse(span.has("/cause"), "no cause"));
    }

    private static void assertRemoteCause(XRaySpan span, String typePart, boolean stack, String context) {
        JsonNode exception = span.doc().at("/cause/exceptions/0");
        List<Executable> checks = new ArrayList<>(List.of(
                () -> assertTrue(span.fault(), "fault"),
                () -> assertFalse(span.error(), "not error"),
                () -> assertEquals(-1, span.status(), "no status"),
                () -> assertTrue(exception.path("type").asText().contains(typePart), "cause type: " + exception),
                () -> assertTrue(exception.path("remote").asBoolean(false), "remote: true")));
        if (stack) {
            checks.add(() -> assertTrue(exception.path("stack").size() > 0, "a stack"));
        }
        assertAll(context, checks);
    }

    private static String describe(XRaySpan span) {
        StringBuilder b = new StringBuilder();
        if (span.status() >= 0) {
            b.append(span.status());
        }
        if (span.error()) b.append(" error");
        if (span.throttle()) b.append(" throttle");
        if (span.fault()) b.append(" fault");
        if (span.has("/cause/exceptions/0/type")) {
            String type = span.text("/cause/exceptions/0/type");
            b.append(" cause ").append(type.substring(type.lastIndexOf('.') + 1));
            if (span.doc().at("/cause/exceptions/0/remote").asBoolean(false)) {
                b.append(" (remote");
                b.append(span.doc().at("/cause/exceptions/0/stack").size() > 0 ? ", stack)" : ", no stack)");
            }
        }
        return b.toString().trim();
    }

    /** Rows were added as tests finished, side by side: put them in order (row, client, mode, outcome). */
    private static synchronized void sortTable() throws IOException {
        if (!Files.exists(TABLE)) {
            return;
        }
        List<String> lines = Files.readAllLines(TABLE, StandardCharsets.UTF_8);
        List<String> rows = new ArrayList<>(lines.subList(2, lines.size()));
        rows.sort(java.util.Comparator.comparing((String r) -> String.join("|", List.of(r.split(" \\| ")).subList(0, 3)))
                .thenComparing(r -> Stream.of(Outcome.values()).filter(o -> r.contains("| " + o.label + " |"))
                        .findFirst().orElse(Outcome.APP_HEADER)));
        List<String> sorted = new ArrayList<>(lines.subList(0, 2));
        sorted.addAll(rows);
        Files.write(TABLE, sorted, StandardCharsets.UTF_8);
    }

    private static synchronized void addRow(String row) {
        try {
            if (!Files.exists(TABLE)) {
                Files.createDirectories(TABLE.getParent());
                Files.writeString(TABLE, "| library | client | mode | outcome | subsegment | header downstream | pass |\n"
                        + "| --- | --- | --- | --- | --- | --- | --- |\n");
            }
            Files.writeString(TABLE, row + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ context

    /** The call's span and the header downstream, for a call that answered 200. */
    private record Traced(XRayTrace trace, XRaySpan backend, Map<String, String> header, String thread) {}

    private static Traced traced(String path, String body, XRayTrace trace) {
        return traced(path, downstream.url(path), body, trace);
    }

    /** {@code url}: the URL the app called, ending at {@code path} downstream (through a proxy, say). */
    private static Traced traced(String path, String url, String body, XRayTrace trace) {
        List<Downstream.Received> received = downstream.await(path, Duration.ofSeconds(5));
        assertEquals(1, received.size(), "one request downstream for " + path + ": " + received);
        List<String> headers = received.get(0).header(TRACE_HEADER);
        assertEquals(1, headers.size(), "one X-Amzn-Trace-Id for " + path + ": " + headers);
        Map<String, String> header = Support.parseTraceHeader(headers.get(0));
        XRayTrace own = trace != null ? trace
                : receiver.awaitTrace(t -> t.traceId().equals(header.get("Root"))
                        && t.span(s -> url.equals(s.url())).isPresent(), ARRIVAL);
        XRaySpan backend = own.span(s -> url.equals(s.url()))
                .orElseThrow(() -> new AssertionError("no subsegment for " + path + ":\n" + own.tree()));
        return new Traced(own, backend, header, thread(body));
    }

    /** The thread the host saw the response on: {@code status 200 on wc-nio-1}. */
    private static String thread(String body) {
        int on = body.indexOf(" on ");
        return on < 0 ? body : body.substring(on + 4).split(" ")[0];
    }

    static Stream<Arguments> callsUnderTheRequest() {
        List<Arguments> all = new ArrayList<>();
        for (Row row : Row.values()) {
            all.add(Arguments.of(row, "webclient", "subscribe-on", "subscribeOn(boundedElastic()) then block()"));
            all.add(Arguments.of(row, "netty", "executor", "block() from an executor thread"));
            all.add(Arguments.of(row, "netty", "future", "toFuture() on the request thread"));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} {3}")
    @MethodSource("callsUnderTheRequest")
    void aCallIsASubsegmentOfTheSpanCurrentWhereItWasSubscribed(Row row, String client, String mode, String label) {
        String marker = HostJvm.marker("under");
        String path = "/u/" + marker;
        HttpResult response = HOSTS.get(row).get("/call?client=" + client + "&mode=" + mode + "&to="
                + encode(downstream.url(path)), Map.of("User-Agent", marker));
        assertEquals(200, response.status(), response.body());
        XRayTrace trace = Support.traceOf(receiver, marker);
        Traced call = traced(path, response.body(), trace);
        assertAll(trace.tree(),
                () -> assertEquals(1, trace.segments().size(), "one segment"),
                () -> assertEquals("GET /call", call.backend().parent().name(), "under the pipe span"),
                () -> assertEquals(trace.traceId(), call.header().get("Root")),
                () -> assertEquals(call.backend().id(), call.header().get("Parent")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rowsAndClients")
    void aCallChainedOnAResponseJoinsTheRequestThatSubscribedTheChain(Row row, String client) {
        String marker = HostJvm.marker("chained");
        String first = "/c1/" + marker;
        String second = "/c2/" + marker;
        HttpResult response = HOSTS.get(row).get("/call?client=" + client + "&mode=chained&to=" + encode(downstream.url(first))
                + "&to2=" + encode(downstream.url(second)), Map.of("User-Agent", marker));
        assertEquals(200, response.status(), response.body());
        XRayTrace trace = Support.traceOf(receiver, marker);
        Traced a = traced(first, response.body(), trace);
        Traced b = traced(second, response.body(), trace);
        assertAll(trace.tree(),
                () -> assertEquals(1, trace.segments().size(), "one segment, both calls inside it"),
                () -> assertEquals("GET /call", a.backend().parent().name()),
                () -> assertEquals("GET /call", b.backend().parent().name(), "the chained call: under the pipe too"),
                () -> assertEquals(b.backend().id(), b.header().get("Parent")),
                () -> assertEquals(trace.traceId(), b.header().get("Root")));
    }

    static Stream<Arguments> rowsAndClients() {
        return Stream.of(Row.values()).flatMap(row -> Stream.of(Arguments.of(row, "webclient"), Arguments.of(row, "netty")));
    }

    /**
     * A traced request's calls, then one subscribed by a task run on the event loop itself, then calls
     * from a thread that serves no request, the second chained on the first's response: all on the
     * same event-loop thread, and none of the later ones joins the traced request's trace, nor the
     * requests that asked for them.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Row.class)
    void theEventLoopCarriesNoContextFromOneCallToAnUnrelatedOne(Row row) {
        HostJvm host = HOSTS.get(row);
        String a = HostJvm.marker("loop-a");
        HttpResult traced = host.get("/call?client=webclient&mode=chained&to=" + encode(downstream.url("/la1/" + a))
                + "&to2=" + encode(downstream.url("/la2/" + a)), Map.of("User-Agent", a));
        assertEquals(200, traced.status(), traced.body());
        XRayTrace traceA = Support.traceOf(receiver, a);

        // Straight after the traced calls: what the loop thread would still hold, the task would run in.
        String c = HostJvm.marker("loop-c");
        HttpResult onLoop = host.get("/on-event-loop?client=netty&to=" + encode(downstream.url("/lc/" + c)),
                Map.of("User-Agent", c));
        assertEquals(200, onLoop.status(), onLoop.body());
        String b = HostJvm.marker("loop-b");
        HttpResult background = host.get("/background?client=webclient&mode=chained&to=" + encode(downstream.url("/lb1/" + b))
                + "&to2=" + encode(downstream.url("/lb2/" + b)), Map.of("User-Agent", b));
        assertEquals(200, background.status(), background.body());

        Traced b1 = traced("/lb1/" + b, background.body(), null);
        Traced b2 = traced("/lb2/" + b, background.body(), null);
        Traced c1 = traced("/lc/" + c, onLoop.body(), null);
        XRayTrace traceB = Support.traceOf(receiver, b);
        XRayTrace traceC = Support.traceOf(receiver, c);
        String loop = thread(traced.body());
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertTrue(loop.startsWith("wc-"), "the host's one event loop: " + traced.body()));
        for (Traced later : List.of(b1, b2, c1)) {
            String about = later.backend().url() + " in\n" + later.trace().tree();
            checks.add(() -> assertEquals(loop, later.thread(), "on the same event-loop thread as the traced calls"));
            checks.add(() -> assertNotEquals(traceA.traceId(), later.header().get("Root"), "joined the earlier request's trace: " + about));
            checks.add(() -> assertNotEquals(traceB.traceId(), later.header().get("Root"), "joined the /background request's trace: " + about));
            checks.add(() -> assertNotEquals(traceC.traceId(), later.header().get("Root"), "joined the /on-event-loop request's trace: " + about));
            checks.add(() -> assertTrue(later.backend().isSegment(), "a segment of its own: " + about));
            checks.add(() -> assertNull(later.backend().parentId(), "with no parent: " + about));
            checks.add(() -> assertEquals(SERVICE, later.backend().name(), about));
            checks.add(() -> assertEquals(later.backend().id(), later.header().get("Parent"), about));
        }
        checks.add(() -> assertNotEquals(b1.header().get("Root"), b2.header().get("Root"),
                "a call chained on a call made outside any request has no trace to join"));
        checks.add(() -> assertFalse(traceB.span(s -> "remote".equals(s.namespace())).isPresent(), traceB.tree()));
        checks.add(() -> assertFalse(traceC.span(s -> "remote".equals(s.namespace())).isPresent(), traceC.tree()));
        assertAll("event loop " + loop + ", earlier trace:\n" + traceA.tree(), checks);
    }

    /**
     * WebClient over the JDK's client instead: that client's instrumentation records it, once. (Its
     * span ends in a stage of the client's future, which may run just after the request's segment
     * was sent: the subsegment then also goes on its own, the same id twice, which X-Ray keeps once.)
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Row.class)
    void overTheJdkConnectorTheCallIsOneSubsegment(Row row) {
        String marker = HostJvm.marker("jdk-connector");
        String path = "/jdk/" + marker;
        HttpResult response = HOSTS.get(row).get("/call?client=webclient-jdk&to=" + encode(downstream.url(path)),
                Map.of("User-Agent", marker));
        assertEquals(200, response.status(), response.body());
        XRayTrace trace = Support.traceOf(receiver, marker);
        Traced call = traced(path, response.body(), trace);
        assertAll(trace.tree(),
                () -> assertEquals(1, trace.spans().filter(s -> "remote".equals(s.namespace())).map(XRaySpan::id)
                        .distinct().count(), "one subsegment"),
                () -> assertEquals("GET /call", call.backend().parent().name()),
                () -> assertEquals(call.backend().id(), call.header().get("Parent")));
    }

    // ------------------------------------------------------------------ attempts

    /**
     * A redirect the client follows is another attempt of the same call: one subsegment, with the
     * final status, and every hop's header names it (the first hop is this host's own /redirect,
     * whose segment continues the trace under the subsegment).
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rowsAndClients")
    void aFollowedRedirectIsOneSubsegmentNamedByEveryHop(Row row, String client) {
        HostJvm host = HOSTS.get(row);
        String marker = HostJvm.marker("redirect");
        String path = "/r/" + marker;
        String redirect = host.url("/redirect?to=" + encode(downstream.url(path)));
        HttpResult response = host.get("/call?client=" + client + "&redirects=true&to=" + encode(redirect),
                Map.of("User-Agent", marker));
        assertEquals(200, response.status(), response.body());
        XRayTrace trace = receiver.awaitTrace(t -> t.span(s -> marker.equals(s.userAgent())).isPresent()
                && t.span(s -> s.isSegment() && s.name().equals(SERVICE) && "GET".equals(s.text("/http/request/method"))
                        && s.url() != null && s.url().endsWith("/redirect")).isPresent(), ARRIVAL);
        List<XRaySpan> backends = trace.spans().filter(s -> "remote".equals(s.namespace())).toList();
        Map<String, String> header = Support.parseTraceHeader(downstream.await(path, Duration.ofSeconds(5)).get(0)
                .header(TRACE_HEADER).get(0));
        XRaySpan hop = trace.span(s -> s.isSegment() && s.url() != null && s.url().endsWith("/redirect")).orElseThrow();
        assertAll(trace.tree(),
                () -> assertEquals(1, backends.size(), "one subsegment for the call and its redirect"),
                () -> assertEquals(host.url("/redirect"), backends.get(0).url(), "the URL the app called"),
                () -> assertEquals(200, backends.get(0).status(), "the final response's status"),
                () -> assertEquals(backends.get(0).id(), header.get("Parent"), "the redirected hop names it"),
                () -> assertEquals(trace.traceId(), header.get("Root")),
                () -> assertEquals(backends.get(0).id(), hop.parentId(), "the first hop names it too"));
    }

    /**
     * Reactor Netty retries a call once when its connection is reset before the request went out
     * (the stale pooled connection case). Made deterministic with HTTP/2, whose connection is set up
     * before any request is written: a proxy resets the first connection at once, then lets the
     * retry through. One call, one subsegment, one header naming it.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Row.class)
    void aRetryAfterAResetConnectionIsTheSameSubsegment(Row row) throws IOException {
        // Whether Reactor Netty retries depends on whether the reset reaches it before it wrote
        // the request (then it retries) or after (then the call fails, 502 here): a race of the
        // library's, not ours. A few tries give it a retry to be checked.
        for (int attempt = 1; attempt <= 5; attempt++) {
            if (retriedOnce(row)) {
                return;
            }
        }
        Assumptions.abort("Reactor Netty did not retry in 5 tries (the reset came after the request was written)");
    }

    private boolean retriedOnce(Row row) throws IOException {
        try (ResettingProxy proxy = ResettingProxy.start(downstream.port(), 1)) {
            String marker = HostJvm.marker("retry");
            String path = "/retry/" + marker;
            String url = "http://127.0.0.1:" + proxy.port() + path;
            HttpResult response = HOSTS.get(row).get("/call?client=webclient&h2=true&to=" + encode(url),
                    Map.of("User-Agent", marker));
            if (response.status() == 502 && (response.body().contains("prematurely closed")
                    || response.body().contains("Connection reset"))) {
                return false;
            }
            assertEquals(200, response.status(), response.body());
            XRayTrace trace = Support.traceOf(receiver, marker);
            Traced call = traced(path, url, response.body(), trace);
            assertAll(trace.tree(),
                    () -> assertEquals(2, proxy.connections(), "the first connection reset, the retry's let through"),
                    () -> assertEquals(1, trace.spans().filter(s -> "remote".equals(s.namespace())).count(), "one subsegment"),
                    () -> assertEquals(200, call.backend().status()),
                    () -> assertFalse(call.backend().has("/cause"), "the reset is not the call's cause"),
                    () -> assertEquals(call.backend().id(), call.header().get("Parent")));
            return true;
        }
    }

    /**
     * The app gives up on a call (Reactor's timeout operator cancels it before any response): the
     * subsegment ends there, with no status and no cause of its own, and nothing is left open.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Row.class)
    void aCallTheAppCancelsEndsWithoutAStatus(Row row) {
        String marker = HostJvm.marker("cancel");
        String path = "/cancel/" + marker;
        HttpResult response = HOSTS.get(row).get("/call?client=webclient&cancel_ms=1000&to="
                + encode(downstream.url(path + "?stall_ms=" + STALL_MS)), Map.of("User-Agent", marker));
        assertEquals(502, response.status(), response.body());
        assertTrue(response.body().contains("TimeoutException"), response.body());
        XRayTrace trace = Support.traceOf(receiver, marker);
        Traced call = traced(path, response.body(), trace);
        XRaySpan backend = call.backend();
        assertAll(trace.tree(),
                () -> assertEquals(1, trace.spans().filter(s -> "remote".equals(s.namespace())).count(), "one subsegment"),
                () -> assertFalse(backend.doc().path("in_progress").asBoolean(false), "ended"),
                () -> assertTrue(backend.durationMillis() < STALL_MS, "ended when cancelled: " + backend.durationMillis()),
                () -> assertEquals(-1, backend.status(), "no status"),
                () -> assertFalse(backend.has("/cause"), "no cause: the remote did not fail"),
                () -> assertEquals(backend.id(), call.header().get("Parent")));
    }

    // ------------------------------------------------------------------ layers and sampling

    @Test
    void withTheBackendLayerOffNothingIsRecordedAndNoHeaderAdded() {
        String marker = HostJvm.marker("backend-off");
        String path = "/off/" + marker;
        HttpResult response = backendOff.get("/call?client=webclient&to=" + encode(downstream.url(path)),
                Map.of("User-Agent", marker));
        assertEquals(200, response.status(), response.body());
        List<Downstream.Received> received = downstream.await(path, Duration.ofSeconds(5));
        XRayTrace trace = Support.traceOf(receiver, marker);
        assertAll(trace.tree(),
                () -> assertEquals(1, received.size()),
                () -> assertEquals(List.of(), received.get(0).header(TRACE_HEADER), "no X-Amzn-Trace-Id added"),
                () -> assertFalse(trace.span(s -> "remote".equals(s.namespace())).isPresent(), "no backend subsegment"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Row.class)
    void carriesAnUnsampledTraceDownstream(Row row) {
        OutboundCalls.checkUnsampledCallCarriesTheDecision(HOSTS.get(row), downstream, "webclient", "");
    }

    // ------------------------------------------------------------------ host build

    /** The row's jars, copied by the pom (process-test-resources). */
    private static Path[] jars(Row row) {
        try (Stream<Path> files = Files.list(row.lib())) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().map(Path::toAbsolutePath).toArray(Path[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException("no jars in " + row.lib() + ": run the build's process-test-resources phase", e);
        }
    }

    /** The host app compiled now against the row's jars, into a directory of its own. */
    private static Path compile(Row row) {
        try {
            Path classes = Files.createTempDirectory(row.lib().getParent(), row.dir + "-classes-");
            List<String> args = new ArrayList<>(List.of("-nowarn", "-proc:none", "-d", classes.toString(), "-cp",
                    Stream.of(jars(row)).map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)),
                    Path.of(System.getProperty("user.dir"), "src", "hosts", "webclient", "WebClientHost.java").toString()));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            if (javac.run(null, errors, errors, args.toArray(new String[0])) != 0) {
                throw new AssertionError("the webclient host does not compile against " + row.label + ":\n"
                        + errors.toString(StandardCharsets.UTF_8));
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
