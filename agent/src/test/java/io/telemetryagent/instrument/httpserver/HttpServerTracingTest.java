package io.telemetryagent.instrument.httpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.telemetryagent.trace.Tracer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class HttpServerTracingTest {

    @Test
    void findsAHeaderWhateverTheCaseItWasSentIn() {
        Headers headers = new Headers();
        headers.add("x-amzn-TRACE-id", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1");
        headers.add("user-agent", "curl/8");

        assertEquals("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1",
                HttpServerTracing.first(headers, "X-Amzn-Trace-Id"));
        assertEquals("curl/8", HttpServerTracing.first(headers, "User-Agent"));
    }

    @Test
    void givesTheFirstOfSeveralValuesAndNullForNoneOrAbsent() {
        Headers headers = new Headers();
        headers.add("X-Forwarded-For", "203.0.113.7");
        headers.add("X-Forwarded-For", "10.0.0.1");
        headers.put("Host", new ArrayList<>());

        assertEquals("203.0.113.7", HttpServerTracing.first(headers, "X-Forwarded-For"));
        assertNull(HttpServerTracing.first(headers, "Host"), "a header with no value");
        assertNull(HttpServerTracing.first(headers, "User-Agent"), "an absent header");
        assertNull(HttpServerTracing.first(headers, "X-Forwarded-Fo"), "a prefix is not a match");
    }

    @Test
    void findsHeadersInAMapThatDoesNotNormaliseItsKeys() {
        // A subclass may store keys as given; the walk compares without regard to case.
        Headers headers = new Headers() {
            private final Map<String, List<String>> raw = new java.util.LinkedHashMap<>(
                    Map.of("X-AMZN-TRACE-ID", List.of("Root=1-5759e988-bd862e3fe1be46a994272793")));

            @Override
            public java.util.Set<Map.Entry<String, List<String>>> entrySet() {
                return raw.entrySet();
            }
        };

        assertEquals("Root=1-5759e988-bd862e3fe1be46a994272793", HttpServerTracing.first(headers, "X-Amzn-Trace-Id"));
    }

    /** One server thread, so one per-thread cache, across methods and contexts in turn. */
    @Test
    void namesEachPipeByItsOwnMethodAndContextWhenAThreadServesSeveral() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpHandler handler = exchange -> {
            names.add(HttpServerTracing.pipeName(exchange, HttpServerTracing.ON_THREAD.current()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        };
        server.createContext("/orders", handler);
        server.createContext("/", handler);
        server.setExecutor(thread);
        server.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            for (String[] call : new String[][] {
                    {"GET", "/orders/1"}, {"GET", "/orders/2"}, {"POST", "/orders"}, {"GET", "/other"}, {"GET", "/orders"}}) {
                client.send(HttpRequest.newBuilder(URI.create(base + call[1]))
                        .method(call[0], HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            }
        } finally {
            server.stop(0);
            thread.shutdownNow();
        }

        assertEquals(List.of("GET /orders", "GET /orders", "POST /orders", "GET /", "GET /orders"), names);
        assertSame(names.get(0), names.get(1), "a request like the last reuses its name");
    }

    @Test
    void spellsEachClientAddressRightWhenAThreadServesSeveral() throws Exception {
        InetSocketAddress first = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 1}), 40000);
        InetSocketAddress again = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 1}), 40001);
        InetSocketAddress other = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 2}), 40000);
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 40000);
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("client.example", 40000);

        assertEquals("10.0.0.1", HttpServerTracing.clientIp(first, HttpServerTracing.ON_THREAD.current()));
        String kept = HttpServerTracing.clientIp(again, HttpServerTracing.ON_THREAD.current());
        assertEquals("10.0.0.1", kept);
        assertEquals("10.0.0.2", HttpServerTracing.clientIp(other, HttpServerTracing.ON_THREAD.current()));
        assertEquals("0:0:0:0:0:0:0:1", HttpServerTracing.clientIp(v6, HttpServerTracing.ON_THREAD.current()));
        assertEquals("client.example", HttpServerTracing.clientIp(unresolved, HttpServerTracing.ON_THREAD.current()));
        assertEquals("10.0.0.1", HttpServerTracing.clientIp(first, HttpServerTracing.ON_THREAD.current()));
    }

    @Test
    void spellsTheScopeOfALinkLocalClient() throws Exception {
        byte[] fe80 = InetAddress.getByName("fe80::1").getAddress();
        InetSocketAddress plain = new InetSocketAddress(InetAddress.getByName("fe80::1"), 40000);
        InetSocketAddress scope0 = new InetSocketAddress(java.net.Inet6Address.getByAddress(null, fe80, 0), 40000);
        InetSocketAddress scope1 = new InetSocketAddress(java.net.Inet6Address.getByAddress(null, fe80, 1), 40000);
        InetSocketAddress scope2 = new InetSocketAddress(java.net.Inet6Address.getByAddress(null, fe80, 2), 40000);

        assertEquals("fe80:0:0:0:0:0:0:1", HttpServerTracing.clientIp(plain, HttpServerTracing.ON_THREAD.current()));
        assertEquals("fe80:0:0:0:0:0:0:1%0", HttpServerTracing.clientIp(scope0, HttpServerTracing.ON_THREAD.current()));
        assertEquals("fe80:0:0:0:0:0:0:1%1", HttpServerTracing.clientIp(scope1, HttpServerTracing.ON_THREAD.current()));
        assertEquals("fe80:0:0:0:0:0:0:1%2", HttpServerTracing.clientIp(scope2, HttpServerTracing.ON_THREAD.current()));
        assertEquals("fe80:0:0:0:0:0:0:1", HttpServerTracing.clientIp(plain, HttpServerTracing.ON_THREAD.current()));
    }
}
