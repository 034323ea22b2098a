package io.telemetryagent.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The host app the macro benchmark loads: a JDK HttpServer with {@code /hello} and {@code /chain}
 * (one outbound HttpURLConnection call to {@code -Ddownstream=http://host:port/hello} per request).
 * Prints {@code READY <port>} once listening. {@code /alloc} answers {@link #allocatedBytes()}: the
 * macro benchmark reads it around each window for the bytes allocated per request;
 * {@code /alloc-threads} lists them per thread (name, tab, bytes), for finding who allocates.
 */
public final class BenchHost {

    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);
    /**
     * {@code -Dbench.header=<value>}: /chain's call sends this as its {@code X-Amzn-Trace-Id},
     * set by the app itself, to measure what carrying the header costs the JDK's client alone.
     */
    private static final String EXTRA_HEADER = System.getProperty("bench.header");
    /** HotSpot's thread bean, which counts allocated bytes. */
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private BenchHost() {}

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        String downstream = System.getProperty("downstream");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.createContext("/hello", exchange -> respond(exchange, 200, HELLO));
        server.createContext("/chain", exchange -> {
            URL url = new URL(downstream);
            HttpURLConnection connection = (HttpURLConnection) url.openConnection();
            if (EXTRA_HEADER != null) {
                connection.setRequestProperty("X-Amzn-Trace-Id", EXTRA_HEADER);
            }
            int status = connection.getResponseCode();
            byte[] body;
            try (InputStream in = connection.getInputStream()) {
                body = in.readAllBytes();
            }
            respond(exchange, status, body);
        });
        server.createContext("/alloc", exchange ->
                respond(exchange, 200, Long.toString(allocatedBytes()).getBytes(StandardCharsets.US_ASCII)));
        server.createContext("/alloc-threads", exchange -> {
            StringBuilder text = new StringBuilder();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                text.append(t.getName()).append('\t').append(THREADS.getThreadAllocatedBytes(t.getId())).append('\n');
            }
            respond(exchange, 200, text.toString().getBytes(StandardCharsets.UTF_8));
        });
        server.setExecutor(Executors.newFixedThreadPool(32));
        server.start();
        System.out.println("READY " + server.getAddress().getPort());
        System.out.flush();
    }

    /**
     * The bytes allocated so far by this JVM's live threads (the request threads, and an agent's
     * exporter): a thread that has ended takes its count with it, so only differences over a
     * window in which the threads live are meaningful.
     */
    public static long allocatedBytes() {
        return THREADS.getTotalThreadAllocatedBytes();
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
