package com.example.webclienthost;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * A service on the JDK's HTTP server that calls out through Spring's {@code WebClient} on Reactor
 * Netty, or through Reactor Netty's {@code HttpClient} directly. Every client runs on ONE event-loop
 * thread, so that calls of different requests (and calls made outside any) meet on the same
 * thread. Prints {@code READY <port>}. Compiled at test time against each row's jars
 * ({@code WebClientTest}).
 *
 * <pre>
 * /call?client=C&amp;to=URL   calls URL with GET; answers 200 "status N on THREAD" (THREAD: where the response
 *                         was delivered), or 502 "error: Type: message"
 *      [&amp;mode=M]          block (default): block() on the request thread
 *                         subscribe: subscribe() on the request thread, which waits for the callback
 *                         future: toFuture() on the request thread, which waits on the future
 *                         executor: block() in a task of the service's own pool, the request thread waiting
 *                         subscribe-on: subscribeOn(boundedElastic()), then block()
 *                         chained: a second call (to URL2) made in flatMap on the first's response
 *      [&amp;to2=URL2]        the chained call's URL
 *      [&amp;h2=true]         HTTP/2 over cleartext, prior knowledge
 *      [&amp;timeout_ms=N]    the response time-out (Reactor Netty's responseTimeout), default 5000
 *      [&amp;trace_header=V]  the app sets its own X-Amzn-Trace-Id: V
 *      [&amp;redirects=true]  the client follows redirects
 *      [&amp;cancel_ms=N]     the app gives up after N ms (Reactor's timeout operator cancels the call)
 *   C: webclient | netty | webclient-jdk (WebClient over the JDK's HttpClient: no Reactor Netty, no time-out)
 * /background?...          the same call made by a thread the service started at start-up, outside any request
 * /on-event-loop?...       the same call subscribed by a task run on the clients' event-loop thread
 * /redirect?to=URL         302 to URL (for a client that follows redirects)
 * /hello                   200 "hello"
 * </pre>
 */
public final class WebClientHost {

    /** One event-loop thread for every client of the service. */
    private static final LoopResources LOOPS = LoopResources.create("wc", 1, true);
    private static final ConnectionProvider POOL = ConnectionProvider.builder("wc").maxConnections(32).build();
    private static final ExecutorService WORKERS = Executors.newFixedThreadPool(2);
    /** Work for the background thread, which was started before any request. */
    private static final BlockingQueue<Runnable> BACKGROUND = new LinkedBlockingQueue<>();
    private static final Map<String, HttpClient> CLIENTS = new ConcurrentHashMap<>();
    private static final java.net.http.HttpClient JDK = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private WebClientHost() {}

    /** One call's parameters. */
    static final class Call {
        final String client;
        final String url;
        final String url2;
        final String mode;
        final boolean h2;
        final boolean redirects;
        final long timeoutMillis;
        final String traceHeader;
        final long cancelMillis;

        Call(Map<String, String> query) {
            this.client = query.getOrDefault("client", "webclient");
            this.url = query.get("to");
            this.url2 = query.get("to2");
            this.mode = query.getOrDefault("mode", "block");
            this.h2 = Boolean.parseBoolean(query.getOrDefault("h2", "false"));
            this.redirects = Boolean.parseBoolean(query.getOrDefault("redirects", "false"));
            this.timeoutMillis = Long.parseLong(query.getOrDefault("timeout_ms", "5000"));
            this.traceHeader = query.get("trace_header");
            this.cancelMillis = Long.parseLong(query.getOrDefault("cancel_ms", "0"));
        }
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.createContext("/hello", exchange -> respond(exchange, 200, "hello"));
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().set("Location", query(exchange).get("to"));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/call", exchange -> answer(exchange, () -> run(new Call(query(exchange)))));
        server.createContext("/background", exchange -> answer(exchange, () -> {
            Call call = new Call(query(exchange));
            CompletableFuture<String> result = new CompletableFuture<>();
            BACKGROUND.put(() -> {
                try {
                    result.complete(run(call));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
            return result.get(30, TimeUnit.SECONDS);
        }));
        server.createContext("/on-event-loop", exchange -> answer(exchange, () -> {
            Call call = new Call(query(exchange));
            CompletableFuture<String> result = new CompletableFuture<>();
            // Netty's own executor: the task runs with whatever the loop thread carries, which must be nothing.
            LOOPS.onClient(false).next().execute(() -> mono(call).subscribe(result::complete, result::completeExceptionally));
            return result.get(30, TimeUnit.SECONDS);
        }));
        server.setExecutor(Executors.newFixedThreadPool(8));
        Thread background = new Thread(() -> {
            while (true) {
                try {
                    BACKGROUND.take().run();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "background-calls");
        background.setDaemon(true);
        background.start();
        server.start();
        System.out.println("READY " + server.getAddress().getPort());
        System.out.flush();
    }

    interface Action {
        String run() throws Exception;
    }

    private static void answer(HttpExchange exchange, Action action) throws IOException {
        String body;
        try {
            body = action.run();
        } catch (Throwable t) {
            Throwable cause = t;
            while ((cause instanceof ExecutionException || cause.getClass().getName().equals("reactor.core.Exceptions$ReactiveException"))
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            respond(exchange, 502, "error: " + cause.getClass().getName() + ": " + cause.getMessage());
            return;
        }
        respond(exchange, 200, body);
    }

    static String run(Call call) throws Exception {
        switch (call.mode) {
            case "block":
                return mono(call).block(Duration.ofSeconds(30));
            case "subscribe": {
                CompletableFuture<String> result = new CompletableFuture<>();
                mono(call).subscribe(result::complete, result::completeExceptionally);
                return result.get(30, TimeUnit.SECONDS);
            }
            case "future":
                return mono(call).toFuture().get(30, TimeUnit.SECONDS);
            case "executor":
                return WORKERS.submit(() -> mono(call).block(Duration.ofSeconds(30))).get(30, TimeUnit.SECONDS);
            case "subscribe-on":
                return mono(call).subscribeOn(Schedulers.boundedElastic()).block(Duration.ofSeconds(30));
            case "chained":
                return mono(call).flatMap(first -> mono(call, call.url2).map(second -> first + " then " + second))
                        .block(Duration.ofSeconds(30));
            default:
                throw new IllegalArgumentException("unknown mode " + call.mode);
        }
    }

    static Mono<String> mono(Call call) {
        return mono(call, call.url);
    }

    /** The call, not yet subscribed: nothing happens until it is. */
    static Mono<String> mono(Call call, String url) {
        Mono<String> mono = call(call, url);
        return call.cancelMillis > 0 ? mono.timeout(Duration.ofMillis(call.cancelMillis)) : mono;
    }

    private static Mono<String> call(Call call, String url) {
        HttpClient netty = netty(call);
        if (call.client.equals("netty")) {
            if (call.traceHeader != null) {
                netty = netty.headers(headers -> headers.set("X-Amzn-Trace-Id", call.traceHeader));
            }
            return netty.get().uri(url).responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                    .map(text -> "status " + response.status().code() + " on " + Thread.currentThread().getName()));
        }
        WebClient client = WebClient.builder()
                .clientConnector(call.client.equals("webclient-jdk")
                        ? new org.springframework.http.client.reactive.JdkClientHttpConnector(JDK)
                        : new org.springframework.http.client.reactive.ReactorClientHttpConnector(netty))
                .build();
        return client.get().uri(URI.create(url))
                .headers(headers -> {
                    if (call.traceHeader != null) {
                        headers.set("X-Amzn-Trace-Id", call.traceHeader);
                    }
                })
                // Every status is an answer here, none an exception.
                .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                        .map(text -> "status " + response.statusCode().value() + " on " + Thread.currentThread().getName()));
    }

    private static HttpClient netty(Call call) {
        return CLIENTS.computeIfAbsent(call.timeoutMillis + "/" + call.h2 + "/" + call.redirects, key -> {
            HttpClient client = HttpClient.create(POOL)
                    .runOn(LOOPS, false)
                    .responseTimeout(Duration.ofMillis(call.timeoutMillis))
                    .followRedirect(call.redirects);
            return call.h2 ? client.protocol(HttpProtocol.H2C) : client;
        });
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
