package io.telemetryagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/** What the black-box tests share: time limits, header parsing and common assertions. */
final class Support {

    /** How long a document may take to reach the receiver: many reporting periods of 1 s, for a loaded machine. */
    static final Duration ARRIVAL = Duration.ofSeconds(30);
    static final Pattern TRACE_ID = Pattern.compile("1-[0-9a-f]{8}-[0-9a-f]{24}");
    static final Pattern SEGMENT_ID = Pattern.compile("[0-9a-f]{16}");
    static final String TRACE_HEADER = "X-Amzn-Trace-Id";

    private Support() {}

    /**
     * Closes what a test class started, in order, skipping what never started; a close that fails
     * does not keep the others open, and the first failure is thrown once all had their turn.
     */
    static void closeAll(AutoCloseable... started) {
        RuntimeException first = null;
        for (AutoCloseable resource : started) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException("closing " + resource, e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Every request the receiver saw, told apart by the User-Agent each test marks its requests with,
     * was one segment (of the segments {@code counted} keeps), and no document broke the schema.
     */
    static void assertOneSegmentPerUserAgent(XRayReceiver receiver, Predicate<XRaySpan> counted) {
        Map<String, Integer> segmentsByUserAgent = new HashMap<>();
        for (XRayTrace trace : receiver.traces()) {
            for (XRaySpan segment : trace.segments()) {
                if (counted.test(segment)) {
                    segmentsByUserAgent.merge(String.valueOf(segment.userAgent()), 1, Integer::sum);
                }
            }
        }
        List<String> repeated = segmentsByUserAgent.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey).toList();
        assertEquals(List.of(), repeated, "user agents with more than one segment");
        assertNoSchemaViolations(receiver);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** {@code Root=..;Parent=..;Sampled=1} as an ordered map; fails on a part without '='. */
    static Map<String, String> parseTraceHeader(String value) {
        assertTrue(value != null, "no X-Amzn-Trace-Id header");
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : value.split(";")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                fail("malformed X-Amzn-Trace-Id part '" + part + "' in " + value);
            }
            parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return parts;
    }

    /** A fresh, valid trace id as an upstream service would send it. */
    static String newTraceId() {
        String epoch = Long.toHexString(System.currentTimeMillis() / 1000);
        StringBuilder random = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        while (random.length() < 24) {
            random.append(Integer.toHexString(r.nextInt(16)));
        }
        return "1-" + epoch + "-" + random;
    }

    /** A fresh, valid segment id. */
    static String newSegmentId() {
        return String.format("%016x", java.util.concurrent.ThreadLocalRandom.current().nextLong());
    }

    /** Waits for the trace of the request sent with this User-Agent (the router records it). */
    static XRayTrace traceOf(XRayReceiver receiver, String userAgent) {
        return receiver.awaitTraceWithSpan(s -> userAgent.equals(s.userAgent()), ARRIVAL);
    }

    /** The segment recorded for the request sent with this User-Agent. */
    static XRaySpan segmentOf(XRayReceiver receiver, String userAgent) {
        XRayTrace trace = traceOf(receiver, userAgent);
        return trace.segments().stream().filter(s -> userAgent.equals(s.userAgent())).findFirst()
                .orElseThrow(() -> new AssertionError("the span with User-Agent " + userAgent
                        + " is not a segment:\n" + trace.tree()));
    }

    /**
     * Sends a request whose trace must be recorded, waits for it, then for the receiver to go quiet:
     * afterwards, anything queued before it has arrived. The exporter has several calls in flight,
     * so the control's batch may overtake an earlier one; quiet for longer than a reporting period
     * (1 s in these tests) means no earlier batch is still on its way.
     */
    static void sendControlAndAwait(HostJvm host, XRayReceiver receiver, Map<String, String> extraHeaders) {
        String marker = HostJvm.marker("control");
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("User-Agent", marker);
        assertEquals(200, host.get("/hello", headers).status());
        traceOf(receiver, marker);
        awaitQuiet(receiver, Duration.ofMillis(2_000), Duration.ofSeconds(20));
    }

    /** Waits until the receiver has taken no call for {@code quiet}, or {@code max} has passed. */
    static void awaitQuiet(XRayReceiver receiver, Duration quiet, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        int seen = receiver.requestCount();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - quietSince < quiet.toNanos()) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            int now = receiver.requestCount();
            if (now != seen) {
                seen = now;
                quietSince = System.nanoTime();
            }
        }
    }

    static void assertNoSchemaViolations(XRayReceiver receiver) {
        assertEquals(List.of(), receiver.schemaViolations(), "documents violating the X-Ray segment schema");
    }

    /** The agent's version, from its jar's manifest ({@code Implementation-Version}). */
    static String agentVersion() {
        try (JarFile jar = new JarFile(HostJvm.agentJarUnderTest().toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        } catch (IOException e) {
            throw new AssertionError("cannot read the agent jar's manifest", e);
        }
    }

    /** Asserts that every stderr line of the host is one of the agent's own. */
    static void assertOnlyAgentLinesOnStderr(HostJvm host) {
        List<String> foreign = host.stderrLines().stream().filter(l -> !l.startsWith("[telemetry-agent]")).toList();
        assertEquals(List.of(), foreign, "stderr lines not from the agent\n" + host.describe());
    }
}
