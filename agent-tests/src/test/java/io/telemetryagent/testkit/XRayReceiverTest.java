package io.telemetryagent.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.PutTraceSegmentsResponse;
import software.amazon.awssdk.services.xray.model.XRayException;

/** The receiver speaks X-Ray to the real AWS SDK v2 client, whatever the agent does. */
class XRayReceiverTest {

    private static final String TRACE = "1-5759e988-bd862e3fe1be46a994272793";
    private static final String SEGMENT = "{\"name\":\"orders\",\"id\":\"70de5b6f19ff9a0a\",\"trace_id\":\"" + TRACE
            + "\",\"start_time\":1.478293361271E9,\"end_time\":1.478293361449E9,"
            + "\"subsegments\":[{\"name\":\"GET /chain\",\"id\":\"0000000000000001\",\"start_time\":1.4782933613E9,\"end_time\":1.4782933614E9}]}";
    private static final String DETACHED = "{\"type\":\"subsegment\",\"name\":\"127.0.0.1\",\"id\":\"0000000000000002\","
            + "\"parent_id\":\"0000000000000001\",\"trace_id\":\"" + TRACE + "\",\"namespace\":\"remote\","
            + "\"start_time\":1.47829336131E9,\"end_time\":1.47829336139E9}";

    private static XRayReceiver receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = XRayReceiver.startNew();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @BeforeEach
    void clear() {
        receiver.clear();
    }

    private static XRayClient client(String keyId, String secret, String region) {
        return XRayClient.builder()
                .endpointOverride(URI.create(receiver.endpoint()))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static XRayClient goodClient() {
        return client(Configs.ACCESS_KEY_ID, Configs.SECRET_ACCESS_KEY, Configs.REGION);
    }

    @Test
    void acceptsSignedPutTraceSegmentsFromTheAwsSdk() {
        try (XRayClient xray = goodClient()) {
            PutTraceSegmentsResponse response = xray.putTraceSegments(r -> r.traceSegmentDocuments(SEGMENT, DETACHED));
            assertTrue(response.unprocessedTraceSegments().isEmpty());
        }
        assertEquals(2, receiver.documents().size());
        assertEquals(List.of(), receiver.schemaViolations());
        assertEquals(List.of(), receiver.authFailures());
        assertTrue(receiver.requests().get(0).header("User-Agent").startsWith("aws-sdk-java/2."));
    }

    @Test
    void reattachesSubsegmentDocumentsUnderTheirParents() {
        try (XRayClient xray = goodClient()) {
            xray.putTraceSegments(r -> r.traceSegmentDocuments(DETACHED, SEGMENT));
        }
        XRayTrace trace = receiver.traces().get(0);
        assertEquals(TRACE, trace.traceId());
        assertEquals(1, trace.roots().size(), trace.tree());
        XRaySpan backend = trace.span("127.0.0.1").orElseThrow();
        assertEquals("GET /chain", backend.parent().name());
        assertEquals("orders", backend.parent().parent().name());
        assertFalse(backend.isSegment());
        assertEquals(1, trace.segments().size());
    }

    @Test
    void refusesAnUnknownAccessKeyWith403() {
        try (XRayClient xray = client("AKIDOTHERKEY", Configs.SECRET_ACCESS_KEY, Configs.REGION)) {
            XRayException e = assertThrows(XRayException.class, () -> xray.putTraceSegments(r -> r.traceSegmentDocuments(SEGMENT)));
            assertEquals(403, e.statusCode());
            assertEquals("UnrecognizedClientException", e.awsErrorDetails().errorCode());
        }
        assertTrue(receiver.documents().isEmpty());
        assertTrue(receiver.authFailures().get(0).contains("AKIDOTHERKEY"), receiver.authFailures().toString());
    }

    @Test
    void refusesAnotherRegionWith403() {
        try (XRayClient xray = client(Configs.ACCESS_KEY_ID, Configs.SECRET_ACCESS_KEY, "eu-west-1")) {
            XRayException e = assertThrows(XRayException.class, () -> xray.putTraceSegments(r -> r.traceSegmentDocuments(SEGMENT)));
            assertEquals(403, e.statusCode());
            assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
        }
        assertTrue(receiver.authFailures().get(0).contains("eu-west-1"));
    }

    @Test
    void refusesAWrongSecretWith403() {
        try (XRayClient xray = client(Configs.ACCESS_KEY_ID, "not-the-secret", Configs.REGION)) {
            XRayException e = assertThrows(XRayException.class, () -> xray.putTraceSegments(r -> r.traceSegmentDocuments(SEGMENT)));
            assertEquals(403, e.statusCode());
        }
        assertEquals(1, receiver.authFailures().size());
    }

    @Test
    void answersScriptedServerErrorsAndThrottlingWhichTheSdkRetries() {
        receiver.failNext(500, 1);
        receiver.failNext(429, 1);
        try (XRayClient xray = goodClient()) {
            xray.putTraceSegments(r -> r.traceSegmentDocuments(SEGMENT));
        }
        assertEquals(3, receiver.requestCount());
        assertEquals(List.of(500, 429, 200), receiver.requests().stream().map(XRayReceiver.ReceivedRequest::status).toList());
        assertEquals(1, receiver.documents().size());
    }

    @Test
    void answersScriptedUnprocessedSegmentsInASuccessfulAnswer() {
        receiver.unprocessNext(1, "InvalidTraceId");
        try (XRayClient xray = goodClient()) {
            PutTraceSegmentsResponse response = xray.putTraceSegments(r -> r.traceSegmentDocuments(SEGMENT, DETACHED));
            assertEquals(1, response.unprocessedTraceSegments().size());
            assertEquals("InvalidTraceId", response.unprocessedTraceSegments().get(0).errorCode());
            assertEquals("70de5b6f19ff9a0a", response.unprocessedTraceSegments().get(0).id());
        }
        assertEquals(1, receiver.documents().size(), "the unprocessed document is not kept");
    }

    @Test
    void comesBackOnTheSamePortAfterAStop() {
        int port = receiver.port();
        receiver.stop();
        assertFalse(receiver.isRunning());
        try (XRayClient xray = goodClient()) {
            assertThrows(Exception.class, () -> xray.putTraceSegments(r -> r.traceSegmentDocuments(SEGMENT)));
            receiver.start();
            assertEquals(port, receiver.port());
            xray.putTraceSegments(r -> r.traceSegmentDocuments(SEGMENT));
        }
        assertEquals(1, receiver.awaitDocuments(1, Duration.ofSeconds(5)).size());
    }

    @Test
    void recordsSchemaViolations() {
        try (XRayClient xray = goodClient()) {
            xray.putTraceSegments(r -> r.traceSegmentDocuments(
                    "{\"name\":\"bad{name}\",\"id\":\"short\",\"trace_id\":\"" + TRACE + "\"}"));
        }
        List<String> violations = receiver.schemaViolations();
        assertTrue(violations.stream().anyMatch(v -> v.contains("start_time")), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.contains("id")), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.contains("name")), violations.toString());
    }
}
