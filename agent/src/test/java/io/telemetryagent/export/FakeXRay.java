package io.telemetryagent.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * A local stand-in for X-Ray's {@code POST /TraceSegments}: records every call and answers from
 * a script (then with success), so the real SDK client talks real HTTP to it.
 */
final class FakeXRay implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One call as received. */
    static final class Call {
        final Map<String, List<String>> headers;
        final List<String> documents;
        final int status;
        final long atNanos = System.nanoTime();

        Call(Map<String, List<String>> headers, List<String> documents, int status) {
            this.headers = headers;
            this.documents = documents;
            this.status = status;
        }

        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** One scripted answer. */
    static final class Reply {
        final int status;
        final String errorType;
        final String body;
        final long delayMillis;

        Reply(int status, String errorType, String body, long delayMillis) {
            this.status = status;
            this.errorType = errorType;
            this.body = body;
            this.delayMillis = delayMillis;
        }

        static Reply ok() {
            return new Reply(200, null, "{\"UnprocessedTraceSegments\":[]}", 0);
        }

        static Reply error(int status, String code, String message) {
            return new Reply(status, code, "{\"message\":\"" + message + "\"}", 0);
        }

        static Reply hang(long millis) {
            return new Reply(200, null, "{\"UnprocessedTraceSegments\":[]}", millis);
        }
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-xray");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private volatile Reply otherwise = Reply.ok();
    /** Builds the answer to a successful call from its documents, when set. */
    private volatile java.util.function.Function<List<String>, String> answer;
    final List<Call> calls = new CopyOnWriteArrayList<>();

    private FakeXRay(int port) throws IOException {
        this(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0));
    }

    private FakeXRay(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    static FakeXRay start() throws IOException {
        return new FakeXRay(0);
    }

    static FakeXRay startOn(int port) throws IOException {
        return new FakeXRay(port);
    }

    /** Over TLS, with {@code tls}'s certificate: {@link #endpoint()} is then https. */
    static FakeXRay startTls(javax.net.ssl.SSLContext tls) throws IOException {
        com.sun.net.httpserver.HttpsServer server =
                com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
        return new FakeXRay(server);
    }

    int port() {
        return server.getAddress().getPort();
    }

    URI endpoint() {
        String scheme = server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + port());
    }

    /** Answers the next calls with {@code replies}, in order, then as {@link #otherwise}. */
    FakeXRay then(Reply... replies) {
        for (Reply reply : replies) {
            script.addLast(reply);
        }
        return this;
    }

    FakeXRay otherwise(Reply reply) {
        otherwise = reply;
        return this;
    }

    FakeXRay answer(java.util.function.Function<List<String>, String> body) {
        answer = body;
        return this;
    }

    /** Documents of the calls answered with success, in arrival order. */
    List<String> accepted() {
        List<String> all = new ArrayList<>();
        for (Call call : calls) {
            if (call.status == 200) {
                all.addAll(call.documents);
            }
        }
        return all;
    }

    List<JsonNode> acceptedJson() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        for (String document : accepted()) {
            all.add(JSON.readTree(document));
        }
        return all;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (!"POST".equals(exchange.getRequestMethod()) || !"/TraceSegments".equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            List<String> documents = new ArrayList<>();
            for (JsonNode document : JSON.readTree(new String(body, StandardCharsets.UTF_8)).path("TraceSegmentDocuments")) {
                documents.add(document.asText());
            }
            Reply reply = script.pollFirst();
            if (reply == null) {
                reply = otherwise;
            }
            if (reply.delayMillis > 0) {
                try {
                    Thread.sleep(reply.delayMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
            calls.add(new Call(Map.copyOf(exchange.getRequestHeaders()), documents, reply.status));
            String text = reply.status == 200 && answer != null ? answer.apply(documents) : reply.body;
            byte[] out = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (reply.errorType != null) {
                exchange.getResponseHeaders().set("x-amzn-ErrorType", reply.errorType);
            }
            exchange.sendResponseHeaders(reply.status, out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        } finally {
            exchange.close();
        }
    }

    /** Polls {@code condition} every 10 ms; true as soon as it holds, false after {@code timeout}. */
    static boolean within(Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - end < 0) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
