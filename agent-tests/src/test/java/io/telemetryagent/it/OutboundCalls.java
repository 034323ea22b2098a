package io.telemetryagent.it;

import static io.telemetryagent.it.Support.TRACE_HEADER;
import static io.telemetryagent.it.Support.encode;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;

/**
 * The outbound-client specification every client is held to (SPEC §3–4), through the clients host
 * ({@code com.example.hosts.ClientsService}): one call per outcome (2xx, 404, 429, 500, refused,
 * read time-out, and a header the app set itself), each from its own traced request, then each
 * trace checked against what crossed the socket. Each checked call also adds a row to
 * {@code target/outbound-clients.md}, the table of client × mode × outcome.
 */
final class OutboundCalls {

    /** The read time-out the host's clients are given for the time-out case; the server stalls longer. */
    static final long TIMEOUT_MS = 500;
    private static final long STALL_MS = 2500;
    private static final Path TABLE = Path.of("target", "outbound-clients.md");

    enum Outcome {
        OK_200("2xx"), NOT_FOUND_404("404"), THROTTLED_429("429"), FAULT_500("500"), REFUSED("refused"),
        TIMEOUT("timeout"), APP_HEADER("app's own header");

        final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    private record Sent(Outcome outcome, String marker, String path, String url, String appHeader, HttpResult response) {}

    private OutboundCalls() {}

    /**
     * Makes one call per outcome through {@code client} of the host ({@code options}: extra query
     * parameters such as {@code &async=true}), then checks each. {@code label} names the row, e.g.
     * {@code okhttp 4.12.0 | enqueue}.
     */
    static void checkEveryOutcome(HostJvm host, XRayReceiver receiver, Downstream downstream, String client,
                                  String options, String label) {
        List<Sent> sent = new ArrayList<>();
        for (Outcome outcome : Outcome.values()) {
            String marker = HostJvm.marker(client + "-" + outcome.name().toLowerCase());
            String path = "/r/" + marker;
            String url = switch (outcome) {
                case OK_200, APP_HEADER -> downstream.url(path + "?status=200&secret=s3cr3t");
                case NOT_FOUND_404 -> downstream.url(path + "?status=404");
                case THROTTLED_429 -> downstream.url(path + "?status=429");
                case FAULT_500 -> downstream.url(path + "?status=500");
                case REFUSED -> Downstream.refusedUrl(path);
                case TIMEOUT -> downstream.url(path + "?stall_ms=" + STALL_MS);
            };
            // Only the time-out case gets a short read time-out: a loaded machine must not fail the others.
            long timeout = outcome == Outcome.TIMEOUT ? TIMEOUT_MS : 10_000;
            String call = "/call?client=" + client + options + "&timeout_ms=" + timeout + "&to=" + encode(url);
            String appHeader = outcome == Outcome.APP_HEADER ? appHeader() : null;
            if (appHeader != null) {
                call += "&trace_header=" + encode(appHeader);
            }
            HttpResult response = host.get(call, Map.of("User-Agent", marker));
            sent.add(new Sent(outcome, marker, path, url, appHeader, response));
        }
        List<Executable> checks = new ArrayList<>();
        for (Sent s : sent) {
            checks.add(() -> check(receiver, downstream, s, label));
        }
        assertAll(label, checks);
    }

    /**
     * A call under an upstream trace that is not sampled still carries the trace downstream, with
     * {@code Sampled=0} and a {@code Parent} of its own (SPEC §4).
     */
    static void checkUnsampledCallCarriesTheDecision(HostJvm host, Downstream downstream, String client, String options) {
        String marker = HostJvm.marker(client + "-unsampled");
        String path = "/u/" + marker;
        String root = Support.newTraceId();
        String upstreamParent = Support.newSegmentId();
        HttpResult response = host.get("/call?client=" + client + options + "&to=" + encode(downstream.url(path)),
                Map.of("User-Agent", marker, TRACE_HEADER, "Root=" + root + ";Parent=" + upstreamParent + ";Sampled=0"));
        List<Downstream.Received> received = downstream.await(path, Duration.ofSeconds(5));
        List<String> headers = received.isEmpty() ? List.of() : received.get(0).header(TRACE_HEADER);
        Map<String, String> parts = headers.size() == 1 ? Support.parseTraceHeader(headers.get(0)) : Map.of();
        assertAll("unsampled call via " + client + options + ", host answered " + response,
                () -> assertEquals(200, response.status()),
                () -> assertEquals(1, headers.size(), "one X-Amzn-Trace-Id downstream: " + received),
                () -> assertEquals(root, parts.get("Root"), "the upstream trace"),
                () -> assertEquals("0", parts.get("Sampled"), "the decision, not sampled"),
                () -> assertTrue(parts.getOrDefault("Parent", "").matches("[0-9a-f]{16}"), "a Parent: " + parts),
                () -> assertFalse(upstreamParent.equals(parts.get("Parent")), "the call's own Parent, not the upstream one"));
    }

    private static String appHeader() {
        return "Root=" + Support.newTraceId() + ";Parent=" + Support.newSegmentId() + ";Sampled=1";
    }

    private static void check(XRayReceiver receiver, Downstream downstream, Sent s, String label) {
        String row = "| " + label + " | " + s.outcome().label + " | ";
        try {
            XRayTrace trace = Support.traceOf(receiver, s.marker());
            List<XRaySpan> backends = trace.spans().filter(span -> "remote".equals(span.namespace())).toList();
            assertEquals(1, backends.size(), "one backend subsegment per call:\n" + trace.tree());
            XRaySpan backend = backends.get(0);
            String context = s.outcome() + " via " + label + ": " + backend.doc() + "\nhost answered " + s.response();
            List<Downstream.Received> received = s.outcome() == Outcome.REFUSED ? List.of()
                    : downstream.await(s.path(), Duration.ofSeconds(5));
            String observed = describe(backend);
            String headerCell = "n/a (no connection)";
            List<Executable> checks = new ArrayList<>();
            checks.add(() -> assertEquals("127.0.0.1", backend.name(), context));
            checks.add(() -> assertFalse(backend.isSegment(), "a subsegment of the request's segment:\n" + trace.tree()));
            checks.add(() -> assertFalse(backend.doc().path("in_progress").asBoolean(false), "ended: " + context));
            checks.add(() -> assertEquals("GET", backend.text("/http/request/method"), context));
            checks.add(() -> assertEquals(s.url().replaceFirst("\\?.*$", ""), backend.url(), "URL without its query: " + context));
            switch (s.outcome()) {
                case OK_200 -> checks.add(() -> assertStatus(backend, 200, false, false, false, context));
                case NOT_FOUND_404 -> checks.add(() -> assertStatus(backend, 404, true, false, false, context));
                case THROTTLED_429 -> checks.add(() -> assertStatus(backend, 429, true, true, false, context));
                case FAULT_500 -> checks.add(() -> assertStatus(backend, 500, false, false, true, context));
                case REFUSED -> checks.add(() -> assertRemoteCause(backend, "Connect", context));
                case TIMEOUT -> checks.add(() -> assertRemoteCause(backend, "Timeout", context));
                case APP_HEADER -> checks.add(() -> assertStatus(backend, 200, false, false, false, context));
            }
            if (s.outcome() == Outcome.REFUSED) {
                checks.add(() -> assertEquals(502, s.response().status(), "the app saw the failure: " + s.response()));
            } else if (s.outcome() == Outcome.APP_HEADER) {
                List<String> headers = received.isEmpty() ? List.of() : received.get(0).header(TRACE_HEADER);
                headerCell = List.of(s.appHeader()).equals(headers) ? "app's header kept, not traced" : "CHANGED: " + headers;
                checks.add(() -> assertEquals(1, received.size(), "one request downstream: " + received));
                checks.add(() -> assertEquals(List.of(s.appHeader()), headers, "the app's own header, untouched"));
                checks.add(() -> assertFalse(backend.doc().at("/http/request/traced").asBoolean(false), "not traced: " + context));
            } else {
                // A client may send a call more than once (Apache 5 retries a 429): every attempt names the subsegment.
                checks.add(() -> assertFalse(received.isEmpty(), "the call reached the server"));
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
                        + (received.isEmpty() ? "" : " (" + received.get(0).protocol()
                        + (received.size() > 1 ? ", " + received.size() + " attempts" : "") + ")");
                checks.add(() -> assertTrue(backend.doc().at("/http/request/traced").asBoolean(false), "traced: " + context));
            }
            String finalHeaderCell = headerCell;
            try {
                assertAll(context, checks);
                addRow(row + observed + " | " + finalHeaderCell + " | ✓ |");
            } catch (AssertionError e) {
                addRow(row + observed + " | " + finalHeaderCell + " | ✗ |");
                throw e;
            }
        } catch (AssertionError e) {
            if (!e.getMessage().startsWith(s.outcome() + " via")) {
                addRow(row + "no trace / " + e.getMessage().lines().findFirst().orElse("") + " | | ✗ |");
            }
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

    private static void assertRemoteCause(XRaySpan span, String typePart, String context) {
        JsonNode exception = span.doc().at("/cause/exceptions/0");
        assertAll(context,
                () -> assertTrue(span.fault(), "fault"),
                () -> assertEquals(-1, span.status(), "no status"),
                // The type says it, or the message does (Apache's HTTP/2 client resets the stream "due to inactivity").
                () -> assertTrue(exception.path("type").asText().contains(typePart)
                        || exception.path("message").asText().contains(typePart), "cause type: " + exception),
                () -> assertTrue(exception.path("remote").asBoolean(false), "remote: true"),
                () -> assertTrue(exception.path("stack").size() > 0, "a stack"));
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
                b.append(" (remote)");
            }
        }
        return b.toString().trim();
    }

    private static synchronized void addRow(String row) {
        try {
            if (!Files.exists(TABLE)) {
                Files.createDirectories(TABLE.getParent());
                Files.writeString(TABLE, "| client | mode | outcome | subsegment | header downstream | pass |\n"
                        + "| --- | --- | --- | --- | --- | --- |\n");
            }
            Files.writeString(TABLE, row + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
