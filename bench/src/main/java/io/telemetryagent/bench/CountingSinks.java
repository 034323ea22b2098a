package io.telemetryagent.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Light receivers for the benchmark: an X-Ray endpoint that counts the documents of each
 * PutTraceSegments call and an OTLP/HTTP endpoint that counts export requests and bytes. They
 * accept and discard, so that the receiver is never what limits the host.
 */
final class CountingSinks implements AutoCloseable {

    private static final byte[] XRAY_OK = "{\"UnprocessedTraceSegments\":[]}".getBytes(StandardCharsets.UTF_8);
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    final AtomicLong xrayDocuments = new AtomicLong();
    final AtomicLong xrayCalls = new AtomicLong();
    final AtomicLong otlpRequests = new AtomicLong();
    final AtomicLong otlpBytes = new AtomicLong();

    CountingSinks() throws IOException {
        // Without it the JDK's HttpServer writes an answer's head and body as two packets, and
        // Nagle meets the client's delayed ACK: 40 ms per call, which capped the exporters.
        // Read once, when the JDK's server first loads: set before any server is made.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.createContext("/TraceSegments", this::xray);
        server.createContext("/v1/traces", this::otlp);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(executor);
        server.start();
    }

    /** Runs the sinks alone (for profiling a host by hand): prints the port, then the X-Ray documents counted each second. */
    public static void main(String[] args) throws Exception {
        CountingSinks sinks = new CountingSinks();
        System.out.println("PORT " + sinks.port());
        long last = 0;
        while (true) {
            Thread.sleep(1000);
            long now = sinks.xrayDocuments.get();
            System.out.println("docs/s " + (now - last) + " total " + now);
            last = now;
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void xray(HttpExchange exchange) throws IOException {
        long documents;
        try (InputStream in = exchange.getRequestBody()) {
            documents = countDocuments(in.readAllBytes());
        }
        xrayDocuments.addAndGet(documents);
        xrayCalls.incrementAndGet();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, XRAY_OK.length);
        exchange.getResponseBody().write(XRAY_OK);
        exchange.close();
    }

    private static final byte[] DOCUMENTS_KEY = "\"TraceSegmentDocuments\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * The strings in a PutTraceSegments body's {@code TraceSegmentDocuments} array, counted in one
     * pass over the bytes (skipping each string, escapes included) rather than parsed: the
     * receiver shares the machine with the host it measures, so it must cost little.
     */
    static long countDocuments(byte[] body) {
        int i = indexOf(body, DOCUMENTS_KEY);
        if (i < 0) {
            return 0;
        }
        i += DOCUMENTS_KEY.length;
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
                if (b == '\\') {
                    i += 2;
                } else {
                    i++;
                    if (b == '"') {
                        break;
                    }
                }
            }
        }
        return count;
    }

    private static int indexOf(byte[] body, byte[] key) {
        outer:
        for (int i = 0; i <= body.length - key.length; i++) {
            for (int k = 0; k < key.length; k++) {
                if (body[i + k] != key[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void otlp(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        otlpRequests.incrementAndGet();
        otlpBytes.addAndGet(body.length);
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow(); // its threads are not daemons: left running, the benchmark's JVM never exits
    }
}
