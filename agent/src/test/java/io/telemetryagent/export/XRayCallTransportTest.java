package io.telemetryagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telemetryagent.export.RawHttpServer.Reply;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link XRayCall#send} on its own HTTP/1.1 connection, against a server that scripts every byte. */
class XRayCallTransportTest {

    private static final String KEY_ID = "AKIDTRANSPORTTEST";
    private static final String SECRET = "transport/Secret+Key/EXAMPLEKEY0123456789";
    private static final String TOKEN = "IQoJb3JpZ2luTRANSPORTSESSIONTOKEN//////////wEa";

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    @Test
    void keepsOneConnectionAcrossCallsAndSendsTheSignedHead() throws IOException {
        RawHttpServer server = server();
        XRayCall call = call(server, Duration.ofSeconds(2), null);

        for (int i = 0; i < 5; i++) {
            XRayCall.Answer answer = call.send(body("{\"id\":\"" + i + "\"}"));
            assertEquals(200, answer.status);
            assertTrue(answer.unprocessed.isEmpty());
        }

        assertEquals(1, server.connections(), "five calls on one kept-alive connection");
        RawHttpServer.Request request = server.requests.get(4);
        assertEquals("POST /TraceSegments HTTP/1.1", request.requestLine);
        assertEquals("127.0.0.1:" + server.port(), request.headers.get("host"));
        assertEquals("application/json", request.headers.get("content-type"));
        assertEquals("application/json", request.headers.get("accept"));
        assertEquals("telemetry-agent/test", request.headers.get("user-agent"));
        assertEquals(String.valueOf(request.body.length), request.headers.get("content-length"));
        assertEquals("{\"TraceSegmentDocuments\":[\"{\\\"id\\\":\\\"4\\\"}\"]}", new String(request.body, StandardCharsets.UTF_8));
        assertNull(request.headers.get("x-amz-security-token"));
        assertSignatureCoversWhatWasSent(request, null);
    }

    @Test
    void sendsTheSessionTokenItSigned() throws IOException {
        RawHttpServer server = server();
        XRayCall call = call(server, Duration.ofSeconds(2), TOKEN);

        call.send(body("{}"));

        RawHttpServer.Request request = server.requests.get(0);
        assertEquals(TOKEN, request.headers.get("x-amz-security-token"));
        assertSignatureCoversWhatWasSent(request, TOKEN);
    }

    @Test
    void readsAChunkedAnswerWithTrailersAndKeepsTheConnection() throws IOException {
        String json = "{\"UnprocessedTraceSegments\":[{\"Id\":\"a1\",\"ErrorCode\":\"InvalidTraceId\",\"Message\":\"bad\"}]}";
        String first = json.substring(0, 20);
        String rest = json.substring(20);
        RawHttpServer server = server().then(Reply.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(first.length()) + ";ext=1\r\n" + first + "\r\n"
                + Integer.toHexString(rest.length()) + "\r\n" + rest + "\r\n0\r\nX-Trailer: yes\r\n\r\n"));
        XRayCall call = call(server, Duration.ofSeconds(2), null);

        XRayCall.Answer chunked = call.send(body("{}"));
        XRayCall.Answer next = call.send(body("{}"));

        assertEquals(1, chunked.unprocessed.size());
        assertEquals("a1", chunked.unprocessed.get(0).id);
        assertEquals("InvalidTraceId", chunked.unprocessed.get(0).errorCode);
        assertEquals(200, next.status);
        assertEquals(1, server.connections());
    }

    @Test
    void opensANewConnectionAfterConnectionClose() throws IOException {
        RawHttpServer server = server().then(Reply.raw("HTTP/1.1 200 OK\r\nconnection: Close\r\nContent-Length: 31\r\n\r\n"
                + "{\"UnprocessedTraceSegments\":[]}").thenClose());
        XRayCall call = call(server, Duration.ofSeconds(2), null);

        assertEquals(200, call.send(body("{}")).status);
        assertEquals(200, call.send(body("{}")).status);

        assertEquals(2, server.connections());
        assertEquals(2, server.requests.get(1).connection);
    }

    @Test
    void readsAnHttp10AnswerWithoutLengthToItsEnd() throws IOException {
        RawHttpServer server = server().then(Reply.raw("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n"
                + "{\"UnprocessedTraceSegments\":[{\"Id\":\"x\"}]}").thenClose());
        XRayCall call = call(server, Duration.ofSeconds(2), null);

        assertEquals(1, call.send(body("{}")).unprocessed.size());
        assertEquals(200, call.send(body("{}")).status);
        assertEquals(2, server.connections());
    }

    @Test
    void retriesOnceOnANewConnectionWhenTheServerClosedTheIdleOne() throws Exception {
        RawHttpServer server = server().then(Reply.ok().thenClose());
        XRayCall call = call(server, Duration.ofSeconds(2), null);
        assertEquals(200, call.send(body("{}")).status);
        Thread.sleep(100); // the server's FIN arrives; the client does not know yet

        XRayCall.Answer answer = call.send(body("{\"second\":true}"));

        assertEquals(200, answer.status);
        assertEquals(2, server.connections());
        assertEquals(2, server.requests.size(), "the second call arrived once, on the new connection");
        assertEquals(2, server.requests.get(1).connection);
    }

    @Test
    void retriesAStaleConnectionOnlyOnce() throws Exception {
        RawHttpServer server = server().then(Reply.ok().thenClose()).otherwise(Reply.hangUp());
        XRayCall call = call(server, Duration.ofSeconds(2), null);
        call.send(body("{}"));
        Thread.sleep(100);

        IOException failure = assertThrows(IOException.class, () -> call.send(body("{}")));

        assertEquals(2, server.connections(), "the stale one, then one new connection, no more");
        assertTrue(failure.getMessage().contains("closed the connection without answering"), failure.getMessage());
        assertClean(failure);
    }

    @Test
    void doesNotRetryOnAFreshConnection() {
        RawHttpServer server = server().otherwise(Reply.hangUp());
        XRayCall call = call(server, Duration.ofSeconds(2), null);

        IOException failure = assertThrows(IOException.class, () -> call.send(body("{}")));

        assertEquals(1, server.connections());
        assertTrue(failure.getMessage().contains("127.0.0.1:" + server.port()), failure.getMessage());
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithinTheReadTimeout() {
        RawHttpServer server = server().otherwise(Reply.silence());
        XRayCall call = call(server, Duration.ofMillis(300), null);

        long start = System.nanoTime();
        IOException failure = assertThrows(IOException.class, () -> call.send(body("{}")));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(failure instanceof SocketTimeoutException, failure.toString());
        assertTrue(tookMillis >= 250 && tookMillis < 1_500, "took " + tookMillis + " ms");
        assertEquals(1, server.connections(), "a time-out is not retried here (the sender's backoff does that)");
        assertClean(failure);
    }

    @Test
    void refusesAnAnswerLongerThanItsBound() throws IOException {
        RawHttpServer server = server().then(
                Reply.raw("HTTP/1.1 200 OK\r\nContent-Length: 2000000\r\n\r\n{"),
                Reply.raw("HTTP/1.1 200 OK\r\nX-Padding: " + "x".repeat(70_000) + "\r\nContent-Length: 2\r\n\r\n{}"),
                Reply.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n100001\r\n"),
                Reply.raw("HTTP/1.0 200 OK\r\n\r\n" + "y".repeat(Http1Connection.MAX_BODY + 10)).thenClose());
        XRayCall call = call(server, Duration.ofSeconds(2), null);

        for (String expected : new String[] {"2000000 bytes", "answer's head over 65536 bytes", "chunked", "unframed"}) {
            IOException failure = assertThrows(IOException.class, () -> call.send(body("{}")));
            assertTrue(failure.getMessage().contains("too long to read") && failure.getMessage().contains(expected),
                    failure.getMessage());
        }
        assertEquals(200, call.send(body("{}")).status, "the next call works on a new connection");
        assertEquals(5, server.connections());
    }

    @Test
    void skipsA100ContinueBeforeTheAnswer() throws IOException {
        RawHttpServer server = server().then(Reply.raw("HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 31\r\n\r\n{\"UnprocessedTraceSegments\":[]}"));
        XRayCall call = call(server, Duration.ofSeconds(2), null);

        assertEquals(200, call.send(body("{}")).status);
        assertEquals(200, call.send(body("{}")).status);
        assertEquals(1, server.connections());
    }

    @Test
    void errorAnswersKeepTheirCodeMessageAndRetryability() throws IOException {
        RawHttpServer server = server().then(
                Reply.raw("HTTP/1.1 400 Bad Request\r\nx-amzn-errortype: InvalidRequestException:http://internal.amazon.com/\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 29\r\n\r\n{\"message\":\"Invalid segment\"}"),
                Reply.json(403, "{\"__type\":\"com.amazon.coral.service#UnrecognizedClientException\","
                        + "\"Message\":\"The security token included in the request is invalid.\"}"),
                Reply.raw("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: 24\r\n\r\n<html>Bad gateway</html>"),
                Reply.raw("HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n"));
        XRayCall call = call(server, Duration.ofSeconds(2), null);

        XRayCall.Answer invalid = call.send(body("{}"));
        XRayCall.Answer denied = call.send(body("{}"));
        XRayCall.Answer gateway = call.send(body("{}"));
        XRayCall.Answer throttled = call.send(body("{}"));

        assertEquals(400, invalid.status);
        assertEquals("InvalidRequestException", invalid.errorCode);
        assertEquals("Invalid segment", invalid.message);
        assertFalse(invalid.retryable());
        assertEquals(403, denied.status);
        assertEquals("UnrecognizedClientException", denied.errorCode);
        assertEquals("The security token included in the request is invalid.", denied.message);
        assertEquals(502, gateway.status);
        assertNull(gateway.errorCode);
        assertTrue(gateway.retryable());
        assertEquals(429, throttled.status);
        assertTrue(throttled.retryable());
        assertEquals(1, server.connections(), "error answers leave the connection usable");
    }

    @Test
    void aRefusedConnectionIsAnIOExceptionWithoutSecrets() throws IOException {
        // Port 9 (discard), where nothing listens here: the port of a server just closed can be
        // taken at once by another test's server, which then answers.
        XRayCall call = new XRayCall(java.net.URI.create("http://127.0.0.1:9"),
                new SigV4(KEY_ID, SECRET, TOKEN, "eu-west-1", "xray"), "telemetry-agent/test", timing(Duration.ofSeconds(2)));
        closing.add(call);

        IOException failure = assertThrows(IOException.class, () -> call.send(body("{}")));

        assertClean(failure);
    }

    @Test
    void sendsABodyLargerThanItsRequestBuffer() throws IOException {
        RawHttpServer server = server();
        XRayCall call = call(server, Duration.ofSeconds(2), null);
        BatchBody big = new BatchBody();
        String document = "{\"pad\":\"" + "z".repeat(60_000) + "\"}";
        for (int i = 0; i < 4; i++) {
            big.add(document);
        }

        assertEquals(200, call.send(big).status);

        assertEquals(big.length(), server.requests.get(0).body.length);
        assertSignatureCoversWhatWasSent(server.requests.get(0), null);
    }

    @Test
    void replacesAConnectionIdleLongerThanItsLimit() throws Exception {
        RawHttpServer server = server();
        try (Http1Connection http = new Http1Connection(java.net.URI.create(server.endpoint() + "/TraceSegments"),
                "127.0.0.1:" + server.port(), java.net.Proxy.NO_PROXY, null, 1000, 1000)) {
            http.maxIdle(Duration.ofMillis(50));
            byte[] payload = "{}".getBytes(StandardCharsets.US_ASCII);

            http.begin();
            assertEquals(200, http.post(payload, payload.length).status);
            http.begin();
            assertEquals(200, http.post(payload, payload.length).status);
            Thread.sleep(100);
            http.begin();
            assertEquals(200, http.post(payload, payload.length).status);

            assertEquals(2, server.connections(), "reused while fresh, replaced once idle too long");
            assertEquals(3, server.requests.size());
        }
    }

    // --- helpers

    private RawHttpServer server() {
        try {
            RawHttpServer server = RawHttpServer.start();
            closing.add(server);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private XRayCall call(RawHttpServer server, Duration readTimeout, String token) {
        XRayCall call = new XRayCall(server.endpoint(), new SigV4(KEY_ID, SECRET, token, "eu-west-1", "xray"),
                "telemetry-agent/test", timing(readTimeout));
        closing.add(call);
        return call;
    }

    static ExportTiming timing(Duration readTimeout) {
        return new ExportTiming(Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(1), readTimeout, Duration.ofSeconds(60));
    }

    static BatchBody body(String document) {
        BatchBody body = new BatchBody();
        body.add(document);
        return body;
    }

    /** The Authorization header is the signature of the Host, date, hash and body that arrived. */
    private static void assertSignatureCoversWhatWasSent(RawHttpServer.Request request, String token) {
        String amzDate = request.headers.get("x-amz-date");
        long at = LocalDateTime.parse(amzDate, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                .toInstant(ZoneOffset.UTC).toEpochMilli();
        SigV4.Signature expected = new SigV4(KEY_ID, SECRET, token, "eu-west-1", "xray")
                .sign(request.headers.get("host"), "/TraceSegments", request.headers.get("content-type"), request.body,
                        request.body.length, at);
        assertEquals(expected.contentSha256, request.headers.get("x-amz-content-sha256"));
        assertEquals(expected.authorization, request.headers.get("authorization"));
    }

    private static void assertClean(IOException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage());
            assertFalse(text.contains(SECRET) || text.contains(TOKEN) || text.contains("Signature=")
                    || text.contains(KEY_ID), text);
        }
    }
}
