package io.telemetryagent.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
    private final JsonFactory json = new JsonFactory();
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
        long documents = 0;
        try (InputStream in = exchange.getRequestBody(); JsonParser parser = json.createParser(in)) {
            int depth = 0;
            boolean inDocuments = false;
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t == JsonToken.FIELD_NAME && depth == 1) {
                    inDocuments = "TraceSegmentDocuments".equals(parser.currentName());
                } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t == JsonToken.VALUE_STRING && inDocuments && depth == 2) {
                    documents++;
                }
            }
        }
        xrayDocuments.addAndGet(documents);
        xrayCalls.incrementAndGet();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, XRAY_OK.length);
        exchange.getResponseBody().write(XRAY_OK);
        exchange.close();
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
