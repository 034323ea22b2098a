package io.telemetryagent.instrument;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.Hook;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Run by {@link HookWeaverTest} in a JVM whose JDK classes are the woven ones (--patch-module,
 * every class verified): uses each instrumented JDK class once, with a hook in every slot that
 * counts, and prints {@code id:enters/exits} per slot. Argument: the ids of span hooks (their
 * enter gives a token, so their exit runs); every other enter answers null (replacements keep
 * the original value).
 */
public final class WovenJdkRun {

    /** More than the agent's hook ids, and the ids the weaving tests use. */
    static final int SLOTS = 400;

    private WovenJdkRun() {}

    public static void main(String[] args) throws Exception {
        AtomicIntegerArray enters = new AtomicIntegerArray(SLOTS);
        AtomicIntegerArray exits = new AtomicIntegerArray(SLOTS);
        boolean[] spans = new boolean[SLOTS];
        for (String id : args) {
            spans[Integer.parseInt(id)] = true;
        }
        Hook[] hooks = new Hook[SLOTS];
        for (int i = 0; i < hooks.length; i++) {
            int id = i;
            hooks[i] = new Hook() {
                @Override
                public Object enter(Object self, Object arg0, Object arg1) {
                    enters.incrementAndGet(id);
                    return spans[id] ? "token" : null;
                }

                @Override
                public void exit(Object token, Object self, Object result, Throwable thrown) {
                    exits.incrementAndGet(id);
                }
            };
        }
        Bridge.install(hooks);

        Thread thread = new Thread(() -> { });
        thread.start();
        thread.join();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        pool.submit(() -> "task").get();
        pool.shutdown();
        ScheduledExecutorService scheduled = Executors.newScheduledThreadPool(1);
        scheduled.schedule(() -> "later", 1, TimeUnit.MILLISECONDS).get();
        scheduled.shutdown();
        ForkJoinPool.commonPool().submit(() -> "fork").get();
        CompletableFuture.supplyAsync(() -> "a").thenApplyAsync(s -> s + "b").get();
        CompletableFuture.runAsync(() -> { }).get();

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", WovenJdkRun::answer).getFilters().add(new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                chain.doFilter(exchange);
            }

            @Override
            public String description() {
                return "pass-through";
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
            if (connection.getResponseCode() != 200) {
                throw new IllegalStateException("HttpURLConnection: " + connection.getResponseCode());
            }
            try (InputStream in = connection.getInputStream()) {
                in.readAllBytes();
            }
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("X-Test", "1").build();
            if (client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() != 200) {
                throw new IllegalStateException("HttpClient.send");
            }
            if (client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get().statusCode() != 200) {
                throw new IllegalStateException("HttpClient.sendAsync");
            }
        } finally {
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdown();
        }

        StringBuilder out = new StringBuilder("counts");
        for (int i = 0; i < SLOTS; i++) {
            if (enters.get(i) > 0 || exits.get(i) > 0) {
                out.append(' ').append(i).append(':').append(enters.get(i)).append('/').append(exits.get(i));
            }
        }
        System.out.println(out);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
