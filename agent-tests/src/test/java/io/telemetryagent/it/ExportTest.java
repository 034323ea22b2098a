package io.telemetryagent.it;

import static io.telemetryagent.it.Support.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.hosts.DemoService;
import com.example.hosts.EchoHeadersServer;
import com.example.hosts.ExitAfterRequests;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC §5 export and §6: retries, outages, the shutdown flush, large segments, the AWS client.
 * The tests run side by side, each with its own hosts; those that script the receiver's answers
 * have a receiver of their own.
 */
@ExtendWith(HostOutputOnFailure.class)
@Execution(ExecutionMode.CONCURRENT)
class ExportTest {

    /** Shared by every test of the class (READ); taken alone by the one that measures latency. */
    private static final String MACHINE = "export-test-machine";

    private static final Pattern DROPPED = Pattern.compile("lost \\d+ segments? since the last report");

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

    /** Alone (no other test of this class runs meanwhile), so that latencies are comparable. */
    @Test
    @ResourceLock(value = MACHINE, mode = ResourceAccessMode.READ_WRITE)
    void keepsServingWhileTheReceiverIsDownAndResumesWhenItIsBack() {
        XRayReceiver receiver = XRayReceiver.startNew();
        HostJvm host = HostJvm.builder(DemoService.class).config(Configs.to(receiver).serviceName("outage")).start();
        try {
            List<Long> baseline = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                baseline.add(timedHello(host));
            }
            Support.sendControlAndAwait(host, receiver, Map.of());
            int port = receiver.port();

            receiver.stop();
            List<Long> during = new ArrayList<>();
            String dropLine = null;
            long outageEnds = System.nanoTime() + Duration.ofSeconds(45).toNanos();
            while (System.nanoTime() < outageEnds && (dropLine == null || during.size() < 30)) {
                during.add(timedHello(host));
                dropLine = host.agentLines().stream().filter(l -> DROPPED.matcher(l).find()).findFirst().orElse(null);
                sleep(100);
            }
            receiver.start();

            assertEquals(port, receiver.port());
            assertTrue(dropLine != null, "no [telemetry-agent] line about dropped segments within 45 s of outage\n" + host.describe());
            assertTrue(Pattern.compile("\\d").matcher(dropLine).find(), "the drop line counts: " + dropLine);
            long baselineMedian = median(baseline);
            assertTrue(median(during) <= 3 * baselineMedian + 50,
                    "median latency during the outage " + median(during) + " ms vs " + baselineMedian + " ms before");
            assertTrue(max(during) < 2000, "slowest request during the outage took " + max(during) + " ms");

            Set<String> after = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                String userAgent = HostJvm.marker("after-outage");
                host.get("/hello", Map.of("User-Agent", userAgent));
                after.add(userAgent);
            }
            receiver.awaitDocuments(d -> after.contains(d.at("/http/request/user_agent").asText()), 5, Duration.ofSeconds(40));
            Support.assertOnlyAgentLinesOnStderr(host);
        } finally {
            host.close();
            receiver.close();
        }
    }

    @Test
    @ResourceLock(value = MACHINE, mode = ResourceAccessMode.READ)
    void retriesServerErrorsAndThrottling() {
        XRayReceiver receiver = XRayReceiver.startNew();
        HostJvm host = HostJvm.builder(DemoService.class).config(Configs.to(receiver).serviceName("retries")).start();
        try {
            Support.sendControlAndAwait(host, receiver, Map.of());
            int callsBefore = receiver.requestCount();
            receiver.failNext(500, 1);
            receiver.failNext(503, 1);
            receiver.failNext(429, 1);
            String userAgent = HostJvm.marker("retried");

            host.get("/hello", Map.of("User-Agent", userAgent));

            Support.segmentOf(receiver, userAgent);
            assertTrue(receiver.requestCount() - callsBefore >= 4, "three refused calls, then one accepted");
        } finally {
            host.close();
            receiver.close();
        }
    }

    @Test
    @ResourceLock(value = MACHINE, mode = ResourceAccessMode.READ)
    void dropsAtOnceWhenAccessIsDenied() {
        HostJvm host = HostJvm.builder(DemoService.class)
                .config(Configs.to(receiver).serviceName("denied").accessKeyId("AKIDREVOKEDKEY")).start();
        try {
            host.get("/hello");
            awaitCondition(() -> receiver.authFailures().stream().anyMatch(f -> f.contains("AKIDREVOKEDKEY")), Support.ARRIVAL,
                    "a call signed with the revoked key");
            sleep(4000);
            long calls = receiver.authFailures().stream().filter(f -> f.contains("AKIDREVOKEDKEY")).count();
            assertEquals(1, calls, "a 403 is permanent: the batch is not retried");
            String reason = host.awaitStderr(l -> l.startsWith("[telemetry-agent]")
                    && (l.contains("403") || l.contains("UnrecognizedClient") || l.toLowerCase().contains("denied")),
                    Duration.ofSeconds(5));
            assertFalse(reason.contains(Configs.SECRET_ACCESS_KEY), reason);
            assertEquals(200, host.get("/hello").status());
        } finally {
            host.close();
        }
    }

    @Test
    @ResourceLock(value = MACHINE, mode = ResourceAccessMode.READ)
    void logsUnprocessedSegmentsByErrorCode() {
        XRayReceiver receiver = XRayReceiver.startNew();
        HostJvm host = HostJvm.builder(DemoService.class).config(Configs.to(receiver).serviceName("unprocessed")).start();
        try {
            Support.sendControlAndAwait(host, receiver, Map.of());
            receiver.unprocessNext(1, "InvalidTraceIdScripted");

            host.get("/hello");

            String line = host.awaitStderr(l -> l.contains("InvalidTraceIdScripted"), Duration.ofSeconds(15));
            assertTrue(line.startsWith("[telemetry-agent]"), line);
        } finally {
            host.close();
            receiver.close();
        }
    }

    @ParameterizedTest(name = "when {0}")
    @ResourceLock(value = MACHINE, mode = ResourceAccessMode.READ)
    @ValueSource(strings = {"exit", "return"})
    void deliversTheLastRequestsAtNormalExit(String how) {
        // A 60 s period and fewer than 50 documents: only the flush at shutdown can deliver them.
        HostJvm host = HostJvm.builder(ExitAfterRequests.class).args("3", how)
                .config(Configs.to(receiver).serviceName("exit-" + how).reportingPeriod(60)).start();
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            String userAgent = HostJvm.marker("exit-" + how);
            assertEquals(200, host.get("/hello", Map.of("User-Agent", userAgent)).status());
            sent.add(userAgent);
            if (i == 0) {
                // The first segment has the exporter make the AWS SDK's client and send at once
                // (over a second of CPU, far more on a loaded machine): the flush at exit of the
                // next two is what is tested here.
                receiver.awaitDocuments(d -> sent.contains(d.at("/http/request/user_agent").asText()), 1,
                        Duration.ofSeconds(90));
            }
        }

        int code = host.awaitExit(Duration.ofSeconds(20));

        assertEquals(0, code, host.describe());
        receiver.awaitDocuments(d -> sent.contains(d.at("/http/request/user_agent").asText()), 3, Duration.ofSeconds(2));
        Support.assertOnlyAgentLinesOnStderr(host);
    }

    @Test
    @ResourceLock(value = MACHINE, mode = ResourceAccessMode.READ)
    void splitsASegmentOver64KbIntoSubsegmentDocuments() {
        HostJvm host = HostJvm.builder(DemoService.class).config(Configs.to(receiver).serviceName("fanout")).start();
        try {
            String userAgent = HostJvm.marker("fanout");
            int calls = 400;

            HttpResult response = host.get("/fanout?n=" + calls + "&to=" + encode(echo.url("/fanout")), Map.of("User-Agent", userAgent));

            assertEquals(200, response.status(), response.body());
            XRayTrace trace = receiver.awaitTrace(t -> t.span(s -> userAgent.equals(s.userAgent())).isPresent()
                    && t.spans().filter(s -> "remote".equals(s.namespace())).count() >= calls, Support.ARRIVAL);
            XRaySpan segment = trace.segments().get(0);
            XRaySpan pipe = segment.find("GET /fanout").orElseThrow(() -> new AssertionError(trace.tree()));
            assertEquals(calls, pipe.children().stream().filter(s -> "remote".equals(s.namespace())).count(),
                    "every backend subsegment under the pipe span");
            assertEquals(1, trace.segments().size());
            assertTrue(receiver.documents().stream().anyMatch(d -> "subsegment".equals(d.path("type").asText())
                    && trace.traceId().equals(d.path("trace_id").asText())), "sent as separate subsegment documents");
            Support.assertNoSchemaViolations(receiver);
        } finally {
            host.close();
        }
    }

    @Test
    @ResourceLock(value = MACHINE, mode = ResourceAccessMode.READ)
    void exportsSignedForTheConfiguredRegion() {
        HostJvm host = HostJvm.builder(DemoService.class).config(Configs.to(receiver).serviceName("signed")).start();
        try {
            String userAgent = HostJvm.marker("signed");
            host.get("/hello", Map.of("User-Agent", userAgent));
            Support.segmentOf(receiver, userAgent);
        } finally {
            host.close();
        }
        XRayReceiver.ReceivedRequest call = receiver.requests().stream()
                .filter(r -> r.status() == 200).reduce((a, b) -> b).orElseThrow();
        assertTrue(String.valueOf(call.header("User-Agent")).contains(" telemetry-agent/"), call.header("User-Agent"));
        assertTrue(call.header("Authorization").contains("/" + Configs.REGION + "/xray/aws4_request"), call.header("Authorization"));
        assertEquals(List.of(), receiver.authFailures().stream().filter(f -> !f.contains("AKIDREVOKEDKEY")).toList());
    }

    private static long timedHello(HostJvm host) {
        HttpResult result = host.get("/hello");
        assertEquals(200, result.status(), result.body());
        return result.millis();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout + "; " + receiver.describe());
            }
            sleep(50);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
