package io.telemetryagent.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A self-check of the {@link CountingSinks} (the bench module has no test setup): the streaming
 * document count against a whole-body reference on random bodies cut at random places, then real
 * requests over sockets on 127.0.0.1. Prints each check; exits 1 at the first that fails.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar io.telemetryagent.bench.CountingSinksCheck}
 */
public final class CountingSinksCheck {

    private static final String OK_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 31\r\n\r\n";
    private static final String XRAY_OK = OK_HEAD + "{\"UnprocessedTraceSegments\":[]}";

    private CountingSinksCheck() {}

    public static void main(String[] args) throws Exception {
        countsLikeTheWholeBodyReferenceInAnyPieces();
        try (CountingSinks sinks = new CountingSinks()) {
            countsContentLengthBodiesOnOneKeptAliveConnection(sinks);
            countsChunkedBodiesCutInsideKeyAndEscape(sinks);
            answersPipelinedRequestsInOrder(sinks);
            sendsContinueBeforeTheBody(sinks);
            closesOnConnectionCloseAndHttp10(sinks);
            countsOtlpRequestsAndBytes(sinks);
            refusesABadContentLengthNamingIt(sinks);
            servesTheJdkHttpClientChunkedAndNot(sinks);
        }
        leavesNoThreadAfterClose();
        System.out.println("all checks passed");
    }

    static void countsLikeTheWholeBodyReferenceInAnyPieces() {
        Random random = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            byte[] body = randomBody(random);
            if (random.nextInt(4) == 0) { // a cut body too: both must still agree
                body = java.util.Arrays.copyOf(body, random.nextInt(body.length + 1));
            }
            long expected = reference(body);
            check(CountingSinks.countDocuments(body) == expected, "whole body " + text(body));
            DocumentCounter counter = new DocumentCounter();
            counter.reset();
            for (int from = 0; from < body.length; ) {
                int to = Math.min(body.length, from + 1 + random.nextInt(random.nextBoolean() ? 3 : 40));
                counter.accept(body, from, to);
                from = to;
            }
            check(counter.count() == expected, "in pieces " + text(body) + ": " + counter.count() + " != " + expected);
        }
        pass("streaming count = whole-body reference on 20000 random bodies cut in random pieces");
    }

    static void countsContentLengthBodiesOnOneKeptAliveConnection(CountingSinks sinks) throws IOException {
        long docs = sinks.xrayDocuments.get();
        long calls = sinks.xrayCalls.get();
        String body = xrayBody(3);
        try (Socket socket = connect(sinks)) {
            for (int i = 0; i < 3; i++) {
                write(socket, "POST /TraceSegments HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
                expect(read(socket, XRAY_OK.length()), XRAY_OK, "answer " + (i + 1) + " on one connection");
            }
        }
        check(sinks.xrayDocuments.get() - docs == 9 && sinks.xrayCalls.get() - calls == 3, "9 documents in 3 calls");
        pass("Content-Length bodies, 3 on one kept-alive connection: 9 documents, 3 calls");
    }

    static void countsChunkedBodiesCutInsideKeyAndEscape(CountingSinks sinks) throws IOException {
        long docs = sinks.xrayDocuments.get();
        String body = xrayBody(4);
        int escape = body.indexOf('\\');
        StringBuilder chunked = new StringBuilder("POST /TraceSegments HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
        int[] cuts = {0, 7, escape + 1, body.length()}; // inside the key, right after a backslash
        for (int c = 1; c < cuts.length; c++) {
            String piece = body.substring(cuts[c - 1], cuts[c]);
            chunked.append(Integer.toHexString(piece.length())).append(c == 1 ? ";name=value" : "").append("\r\n")
                    .append(piece).append("\r\n");
        }
        chunked.append("0\r\nX-Trailer: yes\r\n\r\n");
        try (Socket socket = connect(sinks)) {
            write(socket, chunked.toString());
            expect(read(socket, XRAY_OK.length()), XRAY_OK, "chunked answer");
        }
        check(sinks.xrayDocuments.get() - docs == 4, "4 documents, chunked");
        pass("chunked body cut inside the key and after a backslash, with extension and trailer: 4 documents");
    }

    static void answersPipelinedRequestsInOrder(CountingSinks sinks) throws IOException {
        long docs = sinks.xrayDocuments.get();
        String body = xrayBody(2);
        String one = "POST /TraceSegments HTTP/1.1\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        String other = "GET /elsewhere HTTP/1.1\r\n\r\n";
        String empty = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
        try (Socket socket = connect(sinks)) {
            write(socket, one + other + one);
            expect(read(socket, XRAY_OK.length() * 2 + empty.length()), XRAY_OK + empty + XRAY_OK, "pipelined answers");
        }
        check(sinks.xrayDocuments.get() - docs == 4, "4 documents, pipelined");
        pass("3 pipelined requests in one write, answered in order");
    }

    static void sendsContinueBeforeTheBody(CountingSinks sinks) throws IOException {
        String body = xrayBody(1);
        try (Socket socket = connect(sinks)) {
            write(socket, "POST /TraceSegments HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: " + body.length() + "\r\n\r\n");
            String proceed = "HTTP/1.1 100 Continue\r\n\r\n";
            expect(read(socket, proceed.length()), proceed, "100 Continue");
            write(socket, body);
            expect(read(socket, XRAY_OK.length()), XRAY_OK, "answer after 100 Continue");
        }
        pass("Expect: 100-continue gets 100 Continue before the body is sent");
    }

    static void closesOnConnectionCloseAndHttp10(CountingSinks sinks) throws IOException {
        String closing = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        for (String request : new String[] {"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", "GET / HTTP/1.0\r\n\r\n"}) {
            try (Socket socket = connect(sinks)) {
                write(socket, request);
                expect(readToEnd(socket), closing, "answer then close to " + request.substring(0, 14));
            }
        }
        pass("Connection: close and HTTP/1.0 are answered, then closed");
    }

    static void countsOtlpRequestsAndBytes(CountingSinks sinks) throws IOException {
        long requests = sinks.otlpRequests.get();
        long bytes = sinks.otlpBytes.get();
        String answer = "HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\n\r\n";
        try (Socket socket = connect(sinks)) {
            write(socket, "POST /v1/traces HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde");
            write(socket, "POST /v1/traces HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
            expect(read(socket, answer.length() * 2), answer + answer, "OTLP answers");
        }
        check(sinks.otlpRequests.get() - requests == 2 && sinks.otlpBytes.get() - bytes == 8, "2 OTLP requests, 8 bytes");
        pass("/v1/traces: 2 requests, 8 bytes, empty application/x-protobuf answers");
    }

    static void refusesABadContentLengthNamingIt(CountingSinks sinks) throws IOException {
        try (Socket socket = connect(sinks)) {
            write(socket, "POST /TraceSegments HTTP/1.1\r\nContent-Length: 12x\r\n\r\n");
            String answer = readToEnd(socket);
            check(answer.startsWith("HTTP/1.1 400 ") && answer.endsWith("Content-Length '12x' is not a byte count: send a decimal number\n"),
                    "400 naming the header: " + answer);
        }
        pass("a bad Content-Length gets a 400 naming it and the fix");
    }

    static void servesTheJdkHttpClientChunkedAndNot(CountingSinks sinks) throws Exception {
        long docs = sinks.xrayDocuments.get();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + sinks.port() + "/TraceSegments");
        byte[] body = xrayBody(50).getBytes(StandardCharsets.UTF_8);
        HttpRequest sized = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpRequest streamed = HttpRequest.newBuilder(uri) // no length known: sent chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        for (HttpRequest request : new HttpRequest[] {sized, streamed, sized}) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            check(response.statusCode() == 200 && response.body().equals("{\"UnprocessedTraceSegments\":[]}")
                    && response.headers().firstValue("Content-Type").orElse("").equals("application/json"), "JDK client answer");
        }
        check(sinks.xrayDocuments.get() - docs == 150, "150 documents from the JDK client: " + (sinks.xrayDocuments.get() - docs));
        pass("JDK HttpClient, sized and chunked bodies: 150 documents");
    }

    static void leavesNoThreadAfterClose() throws Exception {
        CountingSinks sinks = new CountingSinks();
        Socket idle = connect(sinks); // a connection thread blocked in read
        write(idle, "GET / HTTP/1.1\r\n\r\n");
        read(idle, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".length());
        sinks.close();
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline && sinkThreads() > 0) {
            Thread.sleep(10);
        }
        check(sinkThreads() == 0, sinkThreads() + " counting-sinks threads still alive after close()");
        check(idle.getInputStream().read() < 0, "the idle connection is closed");
        idle.close();
        pass("close() ends the accepting thread and every connection's");
    }

    private static long sinkThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("counting-sinks")).count();
    }

    /** The counting of the former receiver, over a whole body: the reference. */
    private static long reference(byte[] body) {
        byte[] key = "\"TraceSegmentDocuments\"".getBytes(StandardCharsets.US_ASCII);
        int i = -1;
        outer:
        for (int at = 0; at <= body.length - key.length; at++) {
            for (int k = 0; k < key.length; k++) {
                if (body[at + k] != key[k]) {
                    continue outer;
                }
            }
            i = at;
            break;
        }
        if (i < 0) {
            return 0;
        }
        i += key.length;
        while (i < body.length && body[i] != '[') {
            i++;
        }
        long count = 0;
        for (i++; i < body.length && body[i] != ']'; ) {
            if (body[i] != '"') {
                i++;
                continue;
            }
            count++;
            for (i++; i < body.length; ) {
                byte b = body[i];
                i += b == '\\' ? 2 : 1;
                if (b == '"') {
                    break;
                }
            }
        }
        return count;
    }

    private static byte[] randomBody(Random random) {
        String[] noise = {"\"TraceSegment", "\"\"TraceSegmentDocuments\"", "\"TraceSegmentDocuments", " ", "\\", "\"", "[", "]", "x"};
        StringBuilder b = new StringBuilder("{");
        for (int k = random.nextInt(3); k > 0; k--) {
            b.append(noise[random.nextInt(noise.length)]);
        }
        b.append("\"TraceSegmentDocuments\"").append(random.nextBoolean() ? " : " : ":").append('[');
        for (int d = random.nextInt(6); d > 0; d--) {
            b.append('"');
            for (int c = random.nextInt(30); c > 0; c--) {
                int r = random.nextInt(10);
                b.append(r == 0 ? "\\\"" : r == 1 ? "\\\\" : r == 2 ? "]" : r == 3 ? "\\u00e9" : r == 4 ? "[" : "a");
            }
            b.append('"').append(d > 1 ? (random.nextBoolean() ? ", " : ",") : "");
        }
        b.append("]}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A PutTraceSegments body of {@code documents} segment documents, escaped as the exporter writes them. */
    private static String xrayBody(int documents) {
        StringBuilder b = new StringBuilder("{\"TraceSegmentDocuments\":[");
        for (int d = 0; d < documents; d++) {
            b.append(d > 0 ? "," : "").append("\"{\\\"name\\\":\\\"bench]\\\",\\\"id\\\":\\\"")
                    .append(String.format("%016x", d)).append("\\\",\\\"path\\\":\\\"C:\\\\\\\\tmp\\\"}\"");
        }
        return b.append("]}").toString();
    }

    private static Socket connect(CountingSinks sinks) throws IOException {
        Socket socket = new Socket("127.0.0.1", sinks.port());
        socket.setSoTimeout(5000);
        return socket;
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String read(Socket socket, int length) throws IOException {
        return new String(socket.getInputStream().readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String readToEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toString(StandardCharsets.UTF_8);
    }

    private static void expect(String actual, String expected, String what) {
        check(actual.equals(expected), what + ": got " + actual.replace("\r\n", "\\r\\n"));
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("FAILED: " + what);
            System.exit(1);
        }
    }

    private static void pass(String what) {
        System.out.println("ok  " + what);
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
