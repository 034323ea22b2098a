package io.telemetryagent.export;

import static io.telemetryagent.export.FakeXRay.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetryagent.config.TelemetryConfig;
import io.telemetryagent.log.AgentLog;
import io.telemetryagent.trace.AgentThread;
import io.telemetryagent.trace.Ids;
import io.telemetryagent.trace.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XRayExporterTest {

    private static final String KEY_ID = "AKIDEXAMPLE7TESTKEY";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final List<XRayExporter> exporters = new ArrayList<>();
    private final List<FakeXRay> receivers = new ArrayList<>();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private PrintStream originalOut;

    @BeforeAll
    static void warmTheSdkOnce() throws IOException {
        // The first client and call of a JVM load thousands of classes (over a second here, more
        // under load); keep that out of the timings and retry budgets below.
        ExportTiming timing = timing(Duration.ofSeconds(1));
        try (FakeXRay xray = FakeXRay.start();
             XRayTransport transport = XRayTransport.create(config(xray.endpoint(), 1), timing, "warm-up",
                     XRayCredentials.of(config(xray.endpoint(), 1), new ExportLog(), timing), null)) {
            transport.send(List.of("{}"));
        }
    }

    @BeforeEach
    void captureConsole() {
        originalErr = System.err;
        originalOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stopAndCheckTheConsole() {
        for (XRayExporter exporter : exporters) {
            exporter.shutdown();
        }
        for (FakeXRay receiver : receivers) {
            receiver.close();
        }
        System.setErr(originalErr);
        System.setOut(originalOut);
        String console = err() + out.toString(StandardCharsets.UTF_8);
        originalErr.print(console);
        assertFalse(console.contains(SECRET), "the secret key was printed");
        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing on stdout");
        for (String line : err().split("\n")) {
            assertTrue(line.isEmpty() || line.startsWith(AgentLog.PREFIX), "a line not ours on stderr: " + line);
        }
    }

    // --- what arrives

    @Test
    void deliversDocumentsWithTheirFields() throws IOException {
        FakeXRay xray = receiver();
        XRayExporter exporter = started(xray, Duration.ofMillis(200));
        Span root = Span.root(Ids.newTraceId(System.currentTimeMillis() / 1000), Ids.newSegmentId(), null,
                Span.Kind.ROUTER, true, "orders");
        Span call = root.child(Ids.newSegmentId(), Span.Kind.BACKEND, "api.example.com");
        call.httpRequest("GET", "https://api.example.com/pets");
        call.status(200);
        call.end();
        root.httpRequest("GET", "http://shop.example.com/pets");
        root.status(200);
        root.end();

        exporter.sink().offer(root);

        assertTrue(within(WAIT, () -> xray.accepted().size() == 1));
        JsonNode doc = xray.acceptedJson().get(0);
        assertEquals("orders", doc.get("name").asText());
        assertEquals(root.id(), doc.get("id").asText());
        assertEquals(root.traceId(), doc.get("trace_id").asText());
        assertEquals("2.0.1", doc.at("/service/version").asText());
        assertEquals("1.0.0-test", doc.at("/aws/xray/sdk_version").asText());
        assertEquals("AWS::EKS::Container", doc.get("origin").asText());
        assertEquals(200, doc.at("/http/response/status").asInt());
        assertEquals("remote", doc.at("/subsegments/0/namespace").asText());
        assertTrue(within(WAIT, () -> exporter.sent() == 1));
        assertEquals(0, exporter.lost());
    }

    @Test
    void neverSendsMoreThan50DocumentsPerCall() {
        FakeXRay xray = receiver();
        XRayExporter exporter = started(xray, Duration.ofMillis(300));

        for (int i = 0; i < 180; i++) {
            exporter.sink().offer(segment());
        }

        assertTrue(within(WAIT, () -> xray.accepted().size() == 180));
        for (FakeXRay.Call call : xray.calls) {
            assertTrue(call.documents.size() <= XRayExporter.MAX_BATCH, call.documents.size() + " documents in one call");
        }
        assertTrue(xray.calls.size() >= 4);
        assertEquals(180, new HashSet<>(xray.accepted()).size());
    }

    @Test
    void sendsEveryReportingPeriod() {
        FakeXRay xray = receiver();
        XRayExporter exporter = started(xray, Duration.ofSeconds(1));

        exporter.sink().offer(segment());

        assertTrue(within(Duration.ofMillis(2_000), () -> xray.accepted().size() == 1), "one period, not more");
        long offered = System.nanoTime();
        exporter.sink().offer(segment());
        assertTrue(within(WAIT, () -> xray.accepted().size() == 2));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(xray.calls.get(1).atNanos - offered);
        assertTrue(tookMillis > 100 && tookMillis < 1_600, "the next period's send came after " + tookMillis + " ms");
    }

    @Test
    void sendsAtOnceWhenABatchOf50Waits() {
        FakeXRay xray = receiver();
        XRayExporter exporter = started(xray, Duration.ofSeconds(30));
        warm(exporter, xray);
        for (int i = 0; i < 49; i++) {
            exporter.sink().offer(segment());
        }
        assertFalse(within(Duration.ofMillis(500), () -> xray.calls.size() > 1), "49 wait for the period");

        exporter.sink().offer(segment());

        assertTrue(within(Duration.ofMillis(1_500), () -> xray.accepted().size() == 51));
        assertEquals(2, xray.calls.size());
    }

    @Test
    void splitsASegmentOver64KBAcrossDocuments() throws IOException {
        FakeXRay xray = receiver();
        XRayExporter exporter = started(xray, Duration.ofMillis(200));
        Span root = SegmentWriterTest.bigSegment(165);
        Set<String> ids = new HashSet<>();
        ids.add(root.id());
        for (Span child : root.children()) {
            ids.add(child.id());
        }

        exporter.sink().offer(root);

        assertTrue(within(WAIT, () -> xray.accepted().size() == ids.size()));
        Set<String> arrived = new HashSet<>();
        for (String document : xray.accepted()) {
            assertTrue(SegmentWriterTest.bytes(document) < 64 * 1024);
            arrived.add(FakeXRay.JSON.readTree(document).get("id").asText());
        }
        assertEquals(ids, arrived);
    }

    @Test
    void signsWithTheConfiguredKeyRegionAndService() {
        FakeXRay xray = receiver();
        XRayExporter exporter = started(xray, Duration.ofMillis(200));

        exporter.sink().offer(segment());

        assertTrue(within(WAIT, () -> xray.calls.size() == 1));
        String authorization = xray.calls.get(0).header("Authorization");
        Matcher credential = Pattern.compile("^AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, "
                + "SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$").matcher(authorization);
        assertTrue(credential.find(), authorization);
        assertEquals(KEY_ID, credential.group(1));
        assertEquals("eu-west-1", credential.group(3));
        assertEquals("xray", credential.group(4));
        assertTrue(xray.calls.get(0).header("User-Agent").endsWith(" telemetry-agent/1.0.0-test"),
                xray.calls.get(0).header("User-Agent"));
        assertEquals("application/json", xray.calls.get(0).header("Content-Type"));
    }

    // --- failures

    @Test
    void retriesA500AndDelivers() {
        FakeXRay xray = receiver().then(FakeXRay.Reply.error(500, "InternalFailure", "try again"));
        XRayExporter exporter = started(xray, Duration.ofMillis(200));

        exporter.sink().offer(segment());

        assertTrue(within(WAIT, () -> xray.accepted().size() == 1));
        assertEquals(2, xray.calls.size());
        assertEquals(xray.calls.get(0).documents, xray.calls.get(1).documents);
        assertEquals(0, exporter.lost());
        assertTrue(within(WAIT, () -> exporter.sent() == 1));
    }

    @Test
    void retriesThrottling() {
        FakeXRay xray = receiver().then(
                FakeXRay.Reply.error(429, "ThrottledException", "Rate exceeded"),
                FakeXRay.Reply.error(400, "ThrottlingException", "Rate exceeded"));
        XRayExporter exporter = started(xray, Duration.ofMillis(200));

        exporter.sink().offer(segment());

        assertTrue(within(WAIT, () -> xray.accepted().size() == 1));
        assertEquals(3, xray.calls.size());
        assertEquals(0, exporter.lost());
    }

    @ParameterizedTest
    @CsvSource({
        "403, UnrecognizedClientException, The security token included in the request is invalid.",
        "400, InvalidRequestException, Invalid segment document"})
    void dropsAtOnceOnAnotherClientErrorAndSaysWhyOnce(int status, String code, String message) {
        FakeXRay xray = receiver().otherwise(FakeXRay.Reply.error(status, code, message));
        XRayExporter exporter = started(xray, Duration.ofMillis(200));

        for (int i = 0; i < 60; i++) {
            exporter.sink().offer(segment());
        }

        assertTrue(within(WAIT, () -> exporter.lost(LossReason.REJECTED) == 60));
        assertEquals(60, xray.calls.stream().mapToInt(c -> c.documents.size()).sum(), "no retry");
        for (int i = 0; i < 10; i++) {
            exporter.sink().offer(segment());
        }
        assertTrue(within(WAIT, () -> exporter.lost(LossReason.REJECTED) == 70));
        assertTrue(within(WAIT, () -> !linesWith(code).isEmpty()), err());
        List<String> lines = linesWith(code);
        assertEquals(1, lines.size(), err());
        assertTrue(lines.get(0).contains("HTTP " + status) && lines.get(0).contains(message), lines.get(0));
        assertTrue(lines.get(0).matches(".*lost \\d+ segments since the last report \\(rejected by X-Ray \\d+: HTTP .*\\); \\d+ lost and 0 sent in total"), lines.get(0));
        assertEquals(0, exporter.sent());
    }

    @Test
    void masksTheSecretShouldTheServerEchoIt() {
        FakeXRay xray = receiver().otherwise(FakeXRay.Reply.error(403, "SignatureDoesNotMatch", "bad secret " + SECRET));
        XRayExporter exporter = started(xray, Duration.ofMillis(200));

        exporter.sink().offer(segment());

        assertTrue(within(WAIT, () -> err().contains("bad secret ****")), err());
    }

    @Test
    void countsUnprocessedSegmentsAndLogsThemByErrorCode() {
        FakeXRay xray = receiver();
        XRayExporter exporter = started(xray, Duration.ofSeconds(30));
        warm(exporter, xray);
        xray.answer(documents -> {
            StringBuilder body = new StringBuilder("{\"UnprocessedTraceSegments\":[");
            for (int i = 0; i < 3; i++) {
                String id = readId(documents.get(i));
                body.append(i == 0 ? "" : ",").append("{\"Id\":\"").append(id).append("\",\"ErrorCode\":\"")
                        .append(i < 2 ? "InvalidTraceId" : "MissingId").append("\",\"Message\":\"Invalid segment\"}");
            }
            return body.append("]}").toString();
        });

        for (int i = 0; i < 50; i++) {
            exporter.sink().offer(segment());
        }

        assertTrue(within(WAIT, () -> exporter.lost(LossReason.UNPROCESSED) == 3 && exporter.sent() == 48));
        assertTrue(within(WAIT, () -> !linesWith("unprocessed by X-Ray").isEmpty()), err());
        List<String> lines = linesWith("unprocessed by X-Ray");
        assertEquals(1, lines.size(), err());
        assertTrue(lines.get(0).contains("InvalidTraceId x2") && lines.get(0).contains("MissingId x1"), lines.get(0));
        assertEquals(3, exporter.lost());
    }

    @Test
    void dropsAfterBoundedRetryWhileTheReceiverIsDownAndResumesWhenItIsBack() throws IOException {
        int port = freePort();
        XRayExporter exporter = started(URI.create("http://127.0.0.1:" + port), Duration.ofMillis(200));

        exporter.sink().offer(segment());
        exporter.sink().offer(segment());

        assertTrue(within(WAIT, () -> exporter.lost(LossReason.FAILED) == 2));
        assertTrue(within(WAIT, () -> !linesWith("Connection refused").isEmpty()), err());
        List<String> failed = linesWith("Connection refused");
        assertEquals(1, failed.size(), err());
        assertTrue(failed.get(0).matches(".*lost 2 segments since the last report \\(retries exhausted 2: ConnectException:"
                + " Connection refused.*\\(\\d attempts\\)\\); 2 lost and 0 sent in total"), failed.get(0));

        FakeXRay xray = receiver(FakeXRay.startOn(port));
        exporter.sink().offer(segment());

        assertTrue(within(WAIT, () -> xray.accepted().size() == 1));
        assertTrue(within(WAIT, () -> linesWith("resumed").size() == 1), err());
        assertTrue(linesWith("resumed").get(0).contains("2 lost and 1 sent in total"), err());
        assertEquals(1, exporter.sent());
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlocking() {
        FakeXRay xray = receiver().otherwise(FakeXRay.Reply.hang(3_000));
        XRayExporter exporter = new XRayExporter(config(xray.endpoint(), 1), "1.0.0-test",
                timing(Duration.ofMillis(100)), 10, null, null);
        exporters.add(exporter);
        exporter.start();

        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            exporter.sink().offer(segment());
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        long full = exporter.lost(LossReason.QUEUE_FULL);
        assertTrue(full >= 1_000 - 10 - (2 * XRayExporter.SENDERS + 1) * XRayExporter.MAX_BATCH, "dropped " + full);
        assertTrue(tookMillis < 1_000, "1,000 offers took " + tookMillis + " ms");
    }

    @Test
    void noKeysIsOneLineThenDropsAndCounts() {
        TelemetryConfig noKeys = new TelemetryConfig("orders", 100, 1, true, true, true, "eu-west-1", "2.0.1",
                false, null, null, URI.create("http://127.0.0.1:9"));
        XRayExporter exporter = new XRayExporter(noKeys, "1.0.0-test", timing(Duration.ofMillis(100)), 100, null, null);
        exporters.add(exporter);
        exporter.start();

        for (int i = 0; i < 3; i++) {
            exporter.sink().offer(segment());
        }

        assertTrue(within(WAIT, () -> exporter.lost(LossReason.NO_CREDENTIALS) == 3));
        exporter.sink().offer(segment());
        assertTrue(within(WAIT, () -> exporter.lost(LossReason.NO_CREDENTIALS) == 4));
        assertTrue(within(WAIT, () -> !linesWith("segments are lost and counted").isEmpty()), err());
        List<String> lines = linesWith("segments are lost and counted");
        assertEquals(1, lines.size(), err());
        assertTrue(lines.get(0).contains("access_key_id"), lines.get(0));
    }

    @Test
    void useEnvWithoutCredentialsAnywhereIsOneClearLine() {
        Assumptions.assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null, "this environment has AWS keys");
        Assumptions.assumeTrue(System.getenv("AWS_PROFILE") == null, "this environment has an AWS profile");
        // No instance metadata here: asking 169.254.169.254 would only cost seconds.
        System.setProperty("aws.disableEc2Metadata", "true");
        TelemetryConfig fromEnv = new TelemetryConfig("orders", 100, 1, true, true, true, "eu-west-1", "2.0.1",
                true, null, null, URI.create("http://127.0.0.1:9"));
        XRayExporter exporter = new XRayExporter(fromEnv, "1.0.0-test", timing(Duration.ofMillis(100)), 100, null, null);
        exporters.add(exporter);
        exporter.start();

        try {
            exporter.sink().offer(segment());
            assertTrue(within(WAIT, () -> exporter.lost(LossReason.NO_CREDENTIALS) == 1));
            exporter.sink().offer(segment());
            assertTrue(within(WAIT, () -> exporter.lost(LossReason.NO_CREDENTIALS) == 2));
        } finally {
            System.clearProperty("aws.disableEc2Metadata");
        }
        List<String> lines = linesWith("no AWS credentials");
        assertEquals(1, lines.size(), err());
        assertTrue(lines.get(0).contains("default chain") && lines.get(0).contains("AWS_ACCESS_KEY_ID")
                && lines.get(0).contains("AWS_WEB_IDENTITY_TOKEN_FILE") && lines.get(0).contains("IMDSv2"), lines.get(0));
    }

    @Test
    void everySegmentMadeIsSentOrCountedUnderOneReasonAndTheMBeanSaysSo() throws Exception {
        // Faults in turn: a 403 (rejected), two throttles then success, documents X-Ray leaves
        // unprocessed, and a queue small enough to overflow.
        FakeXRay xray = receiver().then(FakeXRay.Reply.error(403, "AccessDeniedException", "denied"),
                FakeXRay.Reply.error(429, "ThrottledException", "Rate exceeded"),
                FakeXRay.Reply.error(429, "ThrottledException", "Rate exceeded"));
        xray.answer(documents -> "{\"UnprocessedTraceSegments\":[{\"Id\":\"" + readId(documents.get(0))
                + "\",\"ErrorCode\":\"InvalidTraceId\",\"Message\":\"bad\"}]}");
        XRayExporter exporter = new XRayExporter(config(xray.endpoint(), 1), "1.0.0-test", timing(Duration.ofMillis(100)),
                120, Origin.EKS, null);
        exporters.add(exporter);
        exporter.start();
        int made = 600;

        for (int i = 0; i < made; i++) {
            exporter.sink().offer(segment());
        }

        assertTrue(within(Duration.ofSeconds(30), () -> exporter.sent() + exporter.lost() == made), exporter.sent() + " sent, "
                + exporter.lost() + " lost of " + made);
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName name = new javax.management.ObjectName("io.telemetryagent:type=Exporter");
        // registered a few seconds after the exporter starts, not amid the host's start-up
        assertTrue(within(Duration.ofSeconds(10), () -> server.isRegistered(name)), "the MBean is registered");
        assertEquals(exporter.sent(), server.getAttribute(name, "Sent"));
        assertEquals(exporter.lost(), server.getAttribute(name, "Lost"));
        assertEquals(0L, server.getAttribute(name, "InFlight"));
        assertEquals(0L, server.getAttribute(name, "Queued"));
        assertTrue(exporter.lost(LossReason.QUEUE_FULL) > 0, "the queue overflowed");
        assertTrue(exporter.lost(LossReason.REJECTED) > 0, "the 403's batch");
        assertTrue(exporter.lost(LossReason.UNPROCESSED) > 0, "unprocessed documents");
        long delivered = 0;
        for (FakeXRay.Call call : xray.calls) {
            if (call.status == 200) {
                delivered += call.documents.size() - 1; // one of each left unprocessed
            }
        }
        assertEquals(delivered, exporter.sent(), "sent is what X-Ray took");
        assertTrue(within(WAIT, () -> !linesWith("since the last report").isEmpty()), err());
    }

    // --- lifecycle

    @Test
    void buildsTheClientOnItsOwnAgentThread() {
        FakeXRay xray = receiver();
        XRayExporter exporter = started(xray, Duration.ofMillis(100));
        exporter.sink().offer(segment());

        assertTrue(within(WAIT, () -> xray.accepted().size() == 1));
        Thread worker = null;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("telemetry-agent-exporter") && thread.isAlive()) {
                worker = thread;
            }
        }
        assertTrue(worker instanceof AgentThread && worker.isDaemon());
        assertEquals(XRayExporter.class.getClassLoader(), worker.getContextClassLoader());
        int senders = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("telemetry-agent-exporter-") && thread.isAlive()) {
                assertTrue(thread instanceof AgentThread && thread.isDaemon(), thread.getName());
                senders++;
            }
        }
        assertTrue(senders >= XRayExporter.SENDERS, senders + " sender threads");
    }

    @Test
    void shutdownFlushesWhatIsQueued() {
        FakeXRay xray = receiver();
        XRayExporter exporter = started(xray, Duration.ofSeconds(60));
        for (int i = 0; i < 20; i++) {
            exporter.sink().offer(segment());
        }

        long start = System.nanoTime();
        exporter.shutdown();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(20, xray.accepted().size());
        assertTrue(tookMillis < 5_000, "shutdown took " + tookMillis + " ms");
        exporter.sink().offer(segment());
        assertEquals(0, exporter.lost(LossReason.QUEUE_FULL));
        assertEquals(1, exporter.lost(LossReason.SHUTDOWN), "after shutdown offers are counted lost");
    }

    @Test
    void shutdownReturnsWithinFiveSecondsWhenTheReceiverHangs() {
        FakeXRay xray = receiver().otherwise(FakeXRay.Reply.hang(30_000));
        ExportTiming slowReads = new ExportTiming(Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofMillis(500),
                Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(60),
                Duration.ofSeconds(60));
        XRayExporter exporter = new XRayExporter(config(xray.endpoint(), 60), "1.0.0-test", slowReads, 100, null, null);
        exporters.add(exporter);
        exporter.start();
        exporter.sink().offer(segment());

        long start = System.nanoTime();
        exporter.shutdown();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(tookMillis <= 5_300, "shutdown took " + tookMillis + " ms");
    }

    @Test
    void shutdownWithoutStartReturnsAtOnce() {
        XRayExporter exporter = new XRayExporter(config(URI.create("http://127.0.0.1:9"), 1), "1.0.0-test");
        exporter.sink().offer(segment());

        long start = System.nanoTime();
        exporter.shutdown();
        exporter.shutdown();

        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500));
        // what was queued is counted and said, never dropped silently
        assertEquals(1, exporter.lost(LossReason.SHUTDOWN));
        assertEquals(1, linesWith("exporter stopped: 0 segments sent, 1 lost (shutdown 1: the exporter never started)").size(),
                err());
    }

    // --- helpers

    static TelemetryConfig config(URI endpoint, int periodSeconds) {
        return new TelemetryConfig("orders", 100, periodSeconds, true, true, true, "eu-west-1", "2.0.1",
                false, KEY_ID, SECRET, endpoint);
    }

    /** Production timing shrunk: a call retried for 4 s at most, a loss line per minute (the first at once). */
    static ExportTiming timing(Duration period) {
        return new ExportTiming(period, Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(60), Duration.ofSeconds(60));
    }

    private FakeXRay receiver() {
        try {
            return receiver(FakeXRay.start());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private FakeXRay receiver(FakeXRay xray) {
        receivers.add(xray);
        return xray;
    }

    private XRayExporter started(FakeXRay xray, Duration period) {
        return started(xray.endpoint(), period);
    }

    private XRayExporter started(URI endpoint, Duration period) {
        XRayExporter exporter = new XRayExporter(config(endpoint, 1), "1.0.0-test", timing(period),
                ExportQueue.DEFAULT_CAPACITY, Origin.EKS, null);
        exporters.add(exporter);
        exporter.start();
        return exporter;
    }

    /** One segment through, so that the client is made and its first call (sent at once) is done. */
    private static void warm(XRayExporter exporter, FakeXRay xray) {
        exporter.sink().offer(segment());
        assertTrue(within(WAIT, () -> xray.accepted().size() == 1 && exporter.sent() == 1));
    }

    static Span segment() {
        Span root = Span.root(Ids.newTraceId(System.currentTimeMillis() / 1000), Ids.newSegmentId(), null,
                Span.Kind.ROUTER, true, "orders");
        root.end();
        return root;
    }

    private static String readId(String document) {
        try {
            return FakeXRay.JSON.readTree(document).get("id").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private List<String> linesWith(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : err().split("\n")) {
            if (line.contains(text)) {
                lines.add(line);
            }
        }
        return lines;
    }
}
