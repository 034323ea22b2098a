package io.telemetryagent.it;

import static io.telemetryagent.it.Support.TRACE_HEADER;
import static io.telemetryagent.it.Support.encode;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
 * AWS SDK calls as AWS nodes (issue 17, item 1): each call the host makes with the AWS SDK for
 * Java v2 (sync and async clients) or v1 is one subsegment with {@code namespace: aws}, named
 * after the service as X-Ray names it, with its {@code aws} block (operation, region, request id,
 * retries, the table, queue or bucket), its status and flags; the HTTP request beneath it is not
 * recorded again, and every attempt carries {@code X-Amzn-Trace-Id} naming the subsegment, as seen
 * by a local endpoint that answers like the services ({@link FakeAws}). Three rows, each a host
 * JVM compiled against the row's jars ({@code src/hosts/awssdk2}, {@code src/hosts/awssdk1}).
 */
@ExtendWith(HostOutputOnFailure.class)
@Execution(ExecutionMode.CONCURRENT)
class AwsSdkTest {

    /** A row: the directory its jars are copied to (agent-tests/pom.xml), its host sources and main class. */
    enum Row {
        V2_20("v2-220", "awssdk2", "AWS SDK v2 2.20.162"),
        V2_59("v2-259", "awssdk2", "AWS SDK v2 2.59.1"),
        V1_12("v1", "awssdk1", "AWS SDK v1 1.12.791");

        final String dir;
        final String sources;
        final String label;

        Row(String dir, String sources, String label) {
            this.dir = dir;
            this.sources = sources;
            this.label = label;
        }

        Path lib() {
            return Path.of(System.getProperty("user.dir"), "target", "host-libs-aws", dir);
        }

        String mainClass() {
            return sources.equals("awssdk1") ? "com.example.awshost.AwsV1Host" : "com.example.awshost.AwsV2Host";
        }

        String region() {
            return "eu-west-1";
        }
    }

    private static final String SERVICE = "aws-host";

    private static XRayReceiver receiver;
    private static FakeAws aws;
    private static final Map<Row, HostJvm> HOSTS = new EnumMap<>(Row.class);
    private static HostJvm backendOff;

    @BeforeAll
    static void start() throws IOException {
        receiver = XRayReceiver.startNew();
        aws = FakeAws.start();
        List<HostJvm.Builder> builders = new ArrayList<>();
        for (Row row : Row.values()) {
            builders.add(host(row, Configs.to(receiver).serviceName(SERVICE)));
        }
        builders.add(host(Row.V2_59, Configs.to(receiver).serviceName(SERVICE + "-backend-off").layers(true, true, false)));
        List<HostJvm> started = HostJvm.startAll(builders);
        for (Row row : Row.values()) {
            HOSTS.put(row, started.get(row.ordinal()));
        }
        backendOff = started.get(started.size() - 1);
        // A JVM's first call of each client loads and sets up most of the SDK: not inside a test's time limits.
        for (Row row : Row.values()) {
            List<String> warmUps = row == Row.V1_12 ? List.of("service=dynamodb")
                    : List.of("service=dynamodb", "service=dynamodb&mode=async", "service=s3&client=urlconnection",
                            "service=s3&mode=async", "service=sqs", "service=sqs&mode=async");
            for (String warmUp : warmUps) {
                HOSTS.get(row).get("/aws?" + warmUp + "&resource=warm-up&endpoint=" + encode(aws.url()));
            }
        }
    }

    @AfterAll
    static void stop() {
        List<HostJvm> all = new ArrayList<>(HOSTS.values());
        all.add(backendOff);
        HostJvm.closeAll(all);
        Support.closeAll(aws, receiver);
    }

    private static HostJvm.Builder host(Row row, Configs config) {
        return HostJvm.builder(row.mainClass()).config(config).classpathFirst(List.of(compile(row))).classpath(jars(row))
                .systemProperty("aws.accessKeyId", "AKIDHOSTTEST")
                .systemProperty("aws.secretAccessKey", "host-test-secret")
                .systemProperty("aws.secretKey", "host-test-secret");
    }

    // ------------------------------------------------------------------ one call of each kind

    /** Row, service, options, X-Ray name, operation and the resource field the console reads. */
    static Stream<Arguments> calls() {
        List<Arguments> all = new ArrayList<>();
        for (Row row : new Row[] {Row.V2_20, Row.V2_59}) {
            all.add(Arguments.of(row, "dynamodb", "&client=apache", "DynamoDB", "GetItem", "/aws/table_name"));
            all.add(Arguments.of(row, "dynamodb", "&mode=async", "DynamoDB", "GetItem", "/aws/table_name"));
            all.add(Arguments.of(row, "dynamodb-batch", "&client=urlconnection", "DynamoDB", "BatchGetItem", "/aws/table_names/0"));
            all.add(Arguments.of(row, "s3", "&client=urlconnection", "S3", "GetObject", "/aws/bucket_name"));
            all.add(Arguments.of(row, "s3", "&mode=async", "S3", "GetObject", "/aws/bucket_name"));
            all.add(Arguments.of(row, "sqs", "&client=apache", "SQS", "DeleteMessage", "/aws/queue_url"));
            all.add(Arguments.of(row, "sqs", "&mode=async", "SQS", "DeleteMessage", "/aws/queue_url"));
        }
        all.add(Arguments.of(Row.V1_12, "dynamodb", "", "DynamoDB", "GetItem", "/aws/table_name"));
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}{2}")
    @MethodSource("calls")
    void recordsEachCallAsOneAwsSubsegment(Row row, String service, String options, String xrayName, String operation,
                                           String resourceField) {
        Call call = call(row, service, "r" + HostJvm.marker(""), options);
        assertEquals(200, call.response().status(), call.response().body());
        List<FakeAws.Received> received = aws.await(call.resource(), 1, Duration.ofSeconds(5));
        XRaySpan span = call.awsSpan();
        String context = row.label + " " + service + options + "\n" + call.trace().tree() + span.doc();
        String expectedResource = switch (service) {
            case "sqs" -> aws.url() + "/123456789012/" + call.resource();
            default -> call.resource();
        };
        List<Executable> checks = new ArrayList<>(commonChecks(call, received, 1, context));
        checks.add(() -> assertEquals(xrayName, span.name(), context));
        checks.add(() -> assertEquals(operation, span.text("/aws/operation"), context));
        checks.add(() -> assertEquals(row.region(), span.text("/aws/region"), context));
        checks.add(() -> assertEquals(expectedResource, span.text(resourceField), context));
        checks.add(() -> assertEquals(0, span.doc().at("/aws/retries").asInt(-1), "no retry: " + context));
        checks.add(() -> assertEquals(200, span.status(), context));
        checks.add(() -> assertFalse(span.error() || span.fault() || span.throttle(), "no flag: " + context));
        checks.add(() -> assertEquals(received.isEmpty() ? null : received.get(received.size() - 1).requestId(),
                span.text("/aws/request_id"), "the service's request id: " + context));
        if (service.equals("dynamodb-batch")) {
            checks.add(() -> assertEquals(List.of(call.resource(), call.resource() + "-b"),
                    texts(span.doc().at("/aws/table_names")), context));
        }
        assertAll(context, checks);
    }

    // ------------------------------------------------------------------ retries and throttling

    static Stream<Arguments> retried() {
        List<Arguments> all = new ArrayList<>();
        for (Row row : new Row[] {Row.V2_20, Row.V2_59}) {
            all.add(Arguments.of(row, "dynamodb", "&client=apache"));
            all.add(Arguments.of(row, "s3", "&mode=async"));
            all.add(Arguments.of(row, "sqs", "&client=urlconnection"));
        }
        all.add(Arguments.of(Row.V1_12, "dynamodb", ""));
        return all.stream();
    }

    /** The service answers 500, then 200: one subsegment, aws.retries 1, the same header on both attempts. */
    @ParameterizedTest(name = "{0} {1}{2}")
    @MethodSource("retried")
    void aRetriedCallIsOneSubsegmentWithTheHeaderOnEveryAttempt(Row row, String service, String options) {
        Call call = call(row, service, "retry" + HostJvm.marker(""), options);
        assertEquals(200, call.response().status(), call.response().body());
        List<FakeAws.Received> received = aws.await(call.resource(), 2, Duration.ofSeconds(5));
        XRaySpan span = call.awsSpan();
        String context = row.label + " " + service + options + "\n" + call.trace().tree() + span.doc();
        List<Executable> checks = new ArrayList<>(commonChecks(call, received, 2, context));
        checks.add(() -> assertEquals(1, span.doc().at("/aws/retries").asInt(-1), "one retry: " + context));
        checks.add(() -> assertEquals(200, span.status(), "the last answer's status: " + context));
        checks.add(() -> assertFalse(span.fault() || span.error(), "the call succeeded: " + context));
        checks.add(() -> assertFalse(span.has("/cause"), context));
        assertAll(context, checks);
    }

    static Stream<Arguments> throttled() {
        return Stream.of(Arguments.of(Row.V2_20, "&client=apache"), Arguments.of(Row.V2_59, "&mode=async"),
                Arguments.of(Row.V2_59, "&client=urlconnection"), Arguments.of(Row.V1_12, ""));
    }

    /** DynamoDB answers 400 ThrottlingException to both attempts: the call fails, throttled. */
    @ParameterizedTest(name = "{0}{1}")
    @MethodSource("throttled")
    void aThrottledCallIsFlaggedThrottleWithItsCause(Row row, String options) {
        Call call = call(row, "dynamodb", "throttle" + HostJvm.marker(""), options);
        assertEquals(502, call.response().status(), call.response().body());
        assertTrue(call.response().body().contains("Throttl") || call.response().body().contains("throughput"),
                call.response().body());
        List<FakeAws.Received> received = aws.await(call.resource(), 2, Duration.ofSeconds(5));
        XRaySpan span = call.awsSpan();
        String context = row.label + options + "\n" + call.trace().tree() + span.doc();
        List<Executable> checks = new ArrayList<>(commonChecks(call, received, 2, context));
        checks.add(() -> assertEquals(400, span.status(), context));
        checks.add(() -> assertTrue(span.error(), "error: " + context));
        checks.add(() -> assertTrue(span.throttle(), "throttle: " + context));
        checks.add(() -> assertFalse(span.fault(), "not a fault: " + context));
        checks.add(() -> assertEquals(1, span.doc().at("/aws/retries").asInt(-1), context));
        checks.add(() -> assertTrue(String.valueOf(span.text("/cause/exceptions/0/type")).toLowerCase().contains("dynamodb"),
                "the SDK's exception as cause: " + context));
        checks.add(() -> assertTrue(span.doc().at("/cause/exceptions/0/remote").asBoolean(false), "remote: " + context));
        checks.add(() -> assertEquals(received.isEmpty() ? null : received.get(received.size() - 1).requestId(),
                span.text("/aws/request_id"), context));
        assertAll(context, checks);
    }

    // ------------------------------------------------------------------ the app's header, layers

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Row.class, names = {"V2_20", "V2_59"})
    void theAppsOwnHeaderIsKept(Row row) {
        String appHeader = "Root=" + Support.newTraceId() + ";Parent=" + Support.newSegmentId() + ";Sampled=1";
        Call call = call(row, "dynamodb", "r" + HostJvm.marker(""),
                "&client=apache&trace_header=" + encode(appHeader));
        assertEquals(200, call.response().status(), call.response().body());
        List<FakeAws.Received> received = aws.await(call.resource(), 1, Duration.ofSeconds(5));
        XRaySpan span = call.awsSpan();
        assertAll(call.trace().tree(),
                () -> assertEquals(1, received.size()),
                () -> assertEquals(List.of(appHeader), received.get(0).header(TRACE_HEADER), "the app's own header, untouched"),
                () -> assertFalse(span.doc().at("/http/request/traced").asBoolean(false), "not traced"));
    }

    static Stream<Arguments> unsampled() {
        return Stream.of(Arguments.of(Row.V2_20, "&client=apache"), Arguments.of(Row.V2_59, "&mode=async"),
                Arguments.of(Row.V1_12, ""));
    }

    /** An unsampled request's call records nothing, and carries the trace and the decision on every attempt. */
    @ParameterizedTest(name = "{0}{1}")
    @MethodSource("unsampled")
    void anUnsampledCallCarriesTheDecisionOnEveryAttempt(Row row, String options) {
        String resource = "retry" + HostJvm.marker("");
        String root = Support.newTraceId();
        String upstreamParent = Support.newSegmentId();
        HttpResult response = HOSTS.get(row).get("/aws?service=dynamodb&resource=" + resource + "&endpoint="
                + encode(aws.url()) + options, Map.of(TRACE_HEADER, "Root=" + root + ";Parent=" + upstreamParent + ";Sampled=0"));
        List<FakeAws.Received> received = aws.await(resource, 2, Duration.ofSeconds(5));
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals(200, response.status(), response.body()));
        checks.add(() -> assertEquals(2, received.size(), "a retried call: " + received));
        for (FakeAws.Received attempt : received) {
            List<String> headers = attempt.header(TRACE_HEADER);
            Map<String, String> parts = headers.size() == 1 ? Support.parseTraceHeader(headers.get(0)) : Map.of();
            checks.add(() -> assertEquals(1, headers.size(), "one X-Amzn-Trace-Id: " + headers));
            checks.add(() -> assertEquals(root, parts.get("Root"), "the upstream trace: " + headers));
            checks.add(() -> assertEquals("0", parts.get("Sampled"), "the decision: " + headers));
            checks.add(() -> assertFalse(upstreamParent.equals(parts.get("Parent")), "the call's own Parent: " + headers));
        }
        Support.sendControlAndAwait(HOSTS.get(row), receiver, Map.of());
        checks.add(() -> assertTrue(receiver.documents().stream().noneMatch(d -> root.equals(d.path("trace_id").asText())),
                "nothing recorded for the unsampled trace"));
        assertAll(row.label + options, checks);
    }

    @Test
    void withTheBackendLayerOffNothingIsRecordedAndNoHeaderAdded() {
        String marker = HostJvm.marker("aws-off");
        String resource = "r" + marker.replaceAll("[^a-z0-9]", "");
        HttpResult response = backendOff.get("/aws?service=dynamodb&resource=" + resource + "&endpoint="
                + encode(aws.url()), Map.of("User-Agent", marker));
        assertEquals(200, response.status(), response.body());
        List<FakeAws.Received> received = aws.await(resource, 1, Duration.ofSeconds(5));
        XRayTrace trace = Support.traceOf(receiver, marker);
        assertAll(trace.tree(),
                () -> assertEquals(1, received.size()),
                () -> assertEquals(List.of(), received.get(0).header(TRACE_HEADER), "no X-Amzn-Trace-Id added"),
                () -> assertFalse(trace.span(s -> s.namespace() != null).isPresent(), "no aws or remote subsegment"));
    }

    // ------------------------------------------------------------------ shared

    private record Call(String resource, HttpResult response, XRayTrace trace, XRaySpan awsSpan) {}

    private static Call call(Row row, String service, String resource, String options) {
        String marker = HostJvm.marker(row.name().toLowerCase() + "-" + service);
        HttpResult response = HOSTS.get(row).get("/aws?service=" + service + "&resource=" + resource + "&endpoint="
                + encode(aws.url()) + options, Map.of("User-Agent", marker));
        XRayTrace trace = receiver.awaitTrace(t -> t.span(s -> marker.equals(s.userAgent())).isPresent()
                && t.span(s -> "aws".equals(s.namespace()) && !s.doc().path("in_progress").asBoolean(false)).isPresent(),
                Support.ARRIVAL);
        XRaySpan span = trace.span(s -> "aws".equals(s.namespace())).orElseThrow();
        return new Call(resource, response, trace, span);
    }

    /** What every recorded call shows: one aws subsegment under the pipe, no remote one, the header on every attempt. */
    private static List<Executable> commonChecks(Call call, List<FakeAws.Received> received, int attempts, String context) {
        XRayTrace trace = call.trace();
        XRaySpan span = call.awsSpan();
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals(1, trace.spans().filter(s -> "aws".equals(s.namespace())).count(), "one aws subsegment: " + context));
        checks.add(() -> assertEquals(0, trace.spans().filter(s -> "remote".equals(s.namespace())).count(),
                "the HTTP call beneath is not recorded again: " + context));
        checks.add(() -> assertFalse(span.isSegment(), context));
        checks.add(() -> assertEquals("GET /aws", span.parent() == null ? null : span.parent().name(), "under the pipe: " + context));
        checks.add(() -> assertTrue(span.doc().at("/http/request/traced").asBoolean(false), "traced: " + context));
        checks.add(() -> assertEquals(attempts, received.size(), "attempts at the service: " + received));
        for (FakeAws.Received attempt : received) {
            List<String> headers = attempt.header(TRACE_HEADER);
            checks.add(() -> assertEquals(1, headers.size(), "one X-Amzn-Trace-Id on each attempt: " + headers));
            if (headers.size() == 1) {
                Map<String, String> parts = Support.parseTraceHeader(headers.get(0));
                checks.add(() -> assertEquals(trace.traceId(), parts.get("Root"), "Root: " + headers));
                checks.add(() -> assertEquals(span.id(), parts.get("Parent"), "Parent is the aws subsegment: " + headers));
                checks.add(() -> assertEquals("1", parts.get("Sampled"), headers.toString()));
            }
        }
        checks.add(() -> assertNotNull(span.text("/aws/operation"), context));
        checks.add(() -> Support.assertNoSchemaViolations(receiver));
        return checks;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }

    // ------------------------------------------------------------------ host build

    private static Path[] jars(Row row) {
        return HostSources.jarsIn(row.lib()).toArray(Path[]::new);
    }

    /** The host app compiled now against the row's jars, into a directory of its own. */
    private static Path compile(Row row) {
        return HostSources.compile("the AWS host against " + row.label, row.sources, List.of(jars(row)), row.lib().getParent());
    }
}
