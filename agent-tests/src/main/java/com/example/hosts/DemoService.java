package com.example.hosts;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A small service on the JDK's own HTTP server, the host the black-box tests attach the agent to.
 * Prints {@code READY <port>} once listening on 127.0.0.1 (port from the first argument, else free).
 *
 * <pre>
 * /hello                     200 "hello"                                   (lambda handler)
 * /chain?to=URL              GETs URL with HttpURLConnection, answers its status and body
 *        [&amp;trace_header=V]   ... with the app's own X-Amzn-Trace-Id: V   (named handler class)
 * /fanout?to=URL&amp;n=N         GETs URL N times, answers 200 "N calls"
 * /status?code=N             answers N
 * /throw                     the handler throws a RuntimeException
 * /refused                   GETs a closed port, answers 502 with the error
 * /sleep?ms=N                answers 200 after N ms
 * /filtered                  200 "filtered", through a Filter that adds X-Filtered: yes
 * /odd{name}                 200 "odd": a context path with characters X-Ray names may not hold
 * </pre>
 */
public final class DemoService {

    private DemoService() {}

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        HttpServer server = Http.create(port, 100);
        server.createContext("/hello", exchange -> Http.respond(exchange, 200, "hello"));
        server.createContext("/chain", new ChainHandler());
        server.createContext("/fanout", DemoService::fanout);
        server.createContext("/status", exchange ->
                Http.respond(exchange, Integer.parseInt(Http.query(exchange).getOrDefault("code", "200")), "status"));
        server.createContext("/throw", exchange -> {
            throw new IllegalStateException("boom from /throw");
        });
        server.createContext("/refused", new RefusedHandler());
        server.createContext("/sleep", exchange -> {
            sleep(Long.parseLong(Http.query(exchange).getOrDefault("ms", "100")));
            Http.respond(exchange, 200, "slept");
        });
        server.createContext("/odd{name}", exchange -> Http.respond(exchange, 200, "odd"));
        HttpContext filtered = server.createContext("/filtered", exchange -> Http.respond(exchange, 200, "filtered"));
        filtered.getFilters().add(new StampFilter());
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        System.out.println("READY " + server.getAddress().getPort());
        System.out.flush();
    }

    /** Calls the URL in {@code to} and answers with what it got: the pipe and backend layers at work. */
    static final class ChainHandler implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            Map<String, String> query = Http.query(exchange);
            Http.Outcome outcome = Http.get(query.get("to"), query.get("trace_header"));
            if (outcome.error != null) {
                Http.respond(exchange, 502, "error: " + outcome.error);
            } else {
                Http.respond(exchange, outcome.status, outcome.body);
            }
        }
    }

    /** Calls a port nobody listens on, so the backend layer sees a refused connection. */
    static final class RefusedHandler implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = socket.getLocalPort();
            }
            Http.Outcome outcome = Http.get("http://127.0.0.1:" + closedPort + "/nobody", null);
            Http.respond(exchange, 502, outcome.error == null ? "unexpected " + outcome.status : "error: " + outcome.error);
        }
    }

    /** A filter in front of a handler, as frameworks on this server install them. */
    static final class StampFilter extends Filter {
        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            exchange.getResponseHeaders().set("X-Filtered", "yes");
            chain.doFilter(exchange);
        }

        @Override
        public String description() {
            return "adds X-Filtered";
        }
    }

    private static void fanout(HttpExchange exchange) throws IOException {
        Map<String, String> query = Http.query(exchange);
        int n = Integer.parseInt(query.getOrDefault("n", "1"));
        int ok = 0;
        for (int i = 0; i < n; i++) {
            if (Http.get(query.get("to"), null).status == 200) {
                ok++;
            }
        }
        Http.respond(exchange, ok == n ? 200 : 502, ok + " calls");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
