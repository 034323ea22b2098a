package io.telemetryagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class XRayCallTest {

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

    @Test
    void fieldsOfTheWrongTypeInAnAnswerAreIgnored() {
        List<XRayCall.Unprocessed> odd = XRayCall.unprocessed(("{\"UnprocessedTraceSegments\":[{\"Id\":7,\"ErrorCode\":null,"
                + "\"Message\":{\"text\":\"x\"}}, \"not an object\"]}").getBytes(StandardCharsets.UTF_8));
        assertEquals(1, odd.size());
        assertNull(odd.get(0).id);
        assertNull(odd.get(0).errorCode);
        assertNull(odd.get(0).message);
        assertTrue(XRayCall.unprocessed("{\"UnprocessedTraceSegments\":{}}".getBytes(StandardCharsets.UTF_8)).isEmpty());
        assertTrue(XRayCall.unprocessed("[1]".getBytes(StandardCharsets.UTF_8)).isEmpty());

        XRayCall.Answer numbers = XRayCall.Answer.error(400, null, "{\"code\":5,\"message\":[\"x\"],\"Message\":\"m\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertNull(numbers.errorCode);
        assertEquals("m", numbers.message);
        XRayCall.Answer empty = XRayCall.Answer.error(500, null, new byte[0]);
        assertNull(empty.errorCode);
        assertNull(empty.message);
    }
}
