package com.example.hosts;

import com.sun.net.httpserver.HttpServer;
import io.telemetryagent.testkit.Waiting;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A downstream server that records the headers of every request it receives, so a test can check
 * what actually crossed the socket (an {@code X-Amzn-Trace-Id}, say). {@code /status/N} answers N;
 * every other path answers 200 "echo". Runs in the test's JVM, or standalone: {@code main} prints
 * {@code READY <port>}, then {@code HEADER <path> <X-Amzn-Trace-Id value>} for each request.
 */
public final class EchoHeadersServer implements AutoCloseable {

    /** One request as received: its path and headers (names as the JDK server normalises them). */
    public static final class Received {
        private final String path;
        private final Map<String, List<String>> headers;

        Received(String path, Map<String, List<String>> headers) {
            this.path = path;
            this.headers = headers;
        }

        public String path() { return path; }
        public Map<String, List<String>> headers() { return headers; }

        /** The first value of a header, the name compared case-insensitively; null when absent. */
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        /** Every value of a header, the name compared case-insensitively. */
        public List<String> headers(String name) {
            List<String> all = new ArrayList<>();
            headers.forEach((k, v) -> { if (k != null && k.equalsIgnoreCase(name)) all.addAll(v); });
            return all;
        }

        @Override
        public String toString() { return path + " " + headers; }
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();

    private EchoHeadersServer(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free port of 127.0.0.1. */
    public static EchoHeadersServer start() {
        return start(0, false);
    }

    private static EchoHeadersServer start(int port, boolean print) {
        try {
            HttpServer server = Http.create(port, 50);
            EchoHeadersServer echo = new EchoHeadersServer(server);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                Received request = new Received(path, new LinkedHashMap<>(exchange.getRequestHeaders()));
                synchronized (echo.received) {
                    echo.received.add(request);
                    echo.received.notifyAll();
                }
                if (print) {
                    System.out.println("HEADER " + path + " " + request.header("X-Amzn-Trace-Id"));
                    System.out.flush();
                }
                exchange.getRequestBody().readAllBytes();
                int status = 200;
                if (path.startsWith("/status/")) {
                    status = Integer.parseInt(path.substring("/status/".length()));
                }
                Http.respond(exchange, status, "echo");
            });
            server.setExecutor(Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "echo-headers");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return echo;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Every request received so far. */
    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits for the first request whose path is {@code path}; fails with what did arrive. */
    public Received await(String path, Duration timeout) {
        return Waiting.firstMatch(received, r -> r.path().equals(path), timeout,
                () -> "no request for " + path + " within " + timeout + "; got " + received);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    public static void main(String[] args) throws InterruptedException {
        EchoHeadersServer echo = start(args.length > 0 ? Integer.parseInt(args[0]) : 0, true);
        System.out.println("READY " + echo.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
