package io.telemetryagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

class XRayCallTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static XRayCall call() {
        return new XRayCall(URI.create("http://127.0.0.1:9/"), "eu-west-1", AwsCredentialsIdentity.create("AKID", "secret"),
                "test", ExportTiming.of(1));
    }

    @Test
    void theBodyCarriesEveryDocumentAsAJsonStringThatReadsBackUnchanged() throws IOException {
        List<String> documents = List.of(
                "{\"name\":\"plain\"}",
                "{\"name\":\"quote \\\" and backslash \\\\ and slash /\"}",
                "{\"name\":\"caf\u00e9 \u20ac \uD83D\uDE80 \u4e2d\"}",
                "tab\tnew line\ncontrol \u0001 end",
                "lone \uD800 surrogate");
        try (XRayCall call = call()) {
            call.writeBody(documents);
            JsonNode body = JSON.readTree(call.body());
            JsonNode array = body.get("TraceSegmentDocuments");
            assertEquals(documents.size(), array.size());
            for (int i = 0; i < documents.size() - 1; i++) {
                assertEquals(documents.get(i), array.get(i).asText());
            }
            assertEquals("lone \uFFFD surrogate", array.get(documents.size() - 1).asText());
        }
    }

    @Test
    void theBodyGrowsPastItsFirstBufferAndIsReusedForTheNextCall() throws IOException {
        List<String> big = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            big.add("{\"id\":\"" + i + "\",\"pad\":\"" + "x\"".repeat(2000) + "\"}");
        }
        try (XRayCall call = call()) {
            call.writeBody(big);
            assertEquals(50, JSON.readTree(call.body()).get("TraceSegmentDocuments").size());
            call.writeBody(List.of("{}"));
            assertEquals("{\"TraceSegmentDocuments\":[\"{}\"]}", new String(call.body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void publicEndpointsFollowThePartition() {
        assertEquals("https://xray.eu-west-1.amazonaws.com", XRayCall.publicEndpoint("eu-west-1").toString());
        assertEquals("https://xray.cn-north-1.amazonaws.com.cn", XRayCall.publicEndpoint("cn-north-1").toString());
        assertEquals("https://xray.us-gov-west-1.amazonaws.com", XRayCall.publicEndpoint("us-gov-west-1").toString());
        assertEquals("https://xray.us-iso-east-1.c2s.ic.gov", XRayCall.publicEndpoint("us-iso-east-1").toString());
        assertEquals("https://xray.us-isob-east-1.sc2s.sgov.gov", XRayCall.publicEndpoint("us-isob-east-1").toString());
    }

    @Test
    void errorAnswersNameTheirCodeWhereverXRayPutsIt() {
        XRayCall.Answer fromHeader = XRayCall.Answer.error(400, "InvalidRequestException:http://internal.amazon.com/",
                "{\"message\":\"Invalid segment\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals("InvalidRequestException", fromHeader.errorCode);
        assertEquals("Invalid segment", fromHeader.message);
        assertFalse(fromHeader.retryable());

        XRayCall.Answer fromBody = XRayCall.Answer.error(400, null,
                "{\"__type\":\"com.amazonaws.xray#ThrottledException\",\"Message\":\"Rate exceeded\"}"
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals("ThrottledException", fromBody.errorCode);
        assertEquals("Rate exceeded", fromBody.message);
        assertTrue(fromBody.retryable(), "throttling is retried whatever its status");

        XRayCall.Answer proxyPage = XRayCall.Answer.error(502, null, "<html>Bad gateway</html>".getBytes(StandardCharsets.UTF_8));
        assertNull(proxyPage.errorCode);
        assertNull(proxyPage.message);
        assertTrue(proxyPage.retryable());
    }

    @Test
    void unprocessedSegmentsAreReadFromASuccessfulAnswer() {
        List<XRayCall.Unprocessed> none = XRayCall.unprocessed("{\"UnprocessedTraceSegments\":[]}".getBytes(StandardCharsets.UTF_8));
        assertTrue(none.isEmpty());
        List<XRayCall.Unprocessed> two = XRayCall.unprocessed(("{\"Other\":{\"a\":[1,2]},\"UnprocessedTraceSegments\":["
                + "{\"Id\":\"a1\",\"ErrorCode\":\"InvalidTraceId\",\"Message\":\"bad\"},{\"Id\":\"b2\"}]}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(2, two.size());
        assertEquals("a1", two.get(0).id);
        assertEquals("InvalidTraceId", two.get(0).errorCode);
        assertEquals("bad", two.get(0).message);
        assertNull(two.get(1).errorCode);
        assertTrue(XRayCall.unprocessed("not json".getBytes(StandardCharsets.UTF_8)).isEmpty());
    }
}
