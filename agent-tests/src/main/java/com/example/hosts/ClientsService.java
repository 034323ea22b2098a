package com.example.hosts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A service on the JDK's HTTP server that calls out through the outbound HTTP client libraries,
 * each on the request thread, synchronously or through the library's async API (then waiting for
 * the result). Prints {@code READY <port>}. The libraries come from the class path: each family
 * lives in a nested class of its own, loaded only when called, so a host launched with only some
 * of them still runs.
 *
 * <pre>
 * /call?client=C&amp;to=URL      calls URL with GET and answers 200 "status N", or 502 "error: Type: message"
 *      [&amp;async=true]           through the library's async API (sendAsync, enqueue, the async client)
 *      [&amp;executor=true]        from a thread of the service's own pool, the request thread waiting
 *      [&amp;h2=true]              HTTP/2 over cleartext: upgrade (JDK) or prior knowledge (OkHttp)
 *      [&amp;timeout_ms=N]         the read (response) time-out, default 5000
 *      [&amp;trace_header=V]       the app sets its own X-Amzn-Trace-Id: V
 *      [&amp;factory=F]            for C=spring: RestTemplate's request factory, simple (HttpURLConnection,
 *                            the default) | apache5 | jdk
 *   C: jdk | okhttp | apache4 | apache5 | spring   (apache4 and spring have no async API here)
 * /hello                     200 "hello"
 * </pre>
 */
public final class ClientsService {

    private ClientsService() {}

    /** One call's parameters. */
    static final class Call {
        final String url;
        final boolean async;
        final boolean h2;
        final long timeoutMillis;
        final String traceHeader;
        final String factory;

        Call(Map<String, String> query) {
            this.url = query.get("to");
            this.async = Boolean.parseBoolean(query.getOrDefault("async", "false"));
            this.h2 = Boolean.parseBoolean(query.getOrDefault("h2", "false"));
            this.timeoutMillis = Long.parseLong(query.getOrDefault("timeout_ms", "5000"));
            this.traceHeader = query.get("trace_header");
            this.factory = query.getOrDefault("factory", "simple");
        }
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
        server.createContext("/hello", exchange -> Http.respond(exchange, 200, "hello"));
        server.createContext("/call", ClientsService::call);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        System.out.println("READY " + server.getAddress().getPort());
        System.out.flush();
    }

    /** Where {@code executor=true} calls are made: a pool whose threads outlive any one request. */
    private static final java.util.concurrent.ExecutorService WORKERS = Executors.newFixedThreadPool(2);

    private static void call(HttpExchange exchange) throws IOException {
        Map<String, String> query = Http.query(exchange);
        Call call = new Call(query);
        String client = query.getOrDefault("client", "jdk");
        int status;
        try {
            if (Boolean.parseBoolean(query.getOrDefault("executor", "false"))) {
                status = WORKERS.submit(() -> dispatch(client, call)).get(30, TimeUnit.SECONDS);
            } else {
                status = dispatch(client, call);
            }
        } catch (IllegalArgumentException e) {
            Http.respond(exchange, 400, e.getMessage());
            return;
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            Http.respond(exchange, 502, "error: " + cause.getClass().getName() + ": " + cause.getMessage());
            return;
        }
        Http.respond(exchange, 200, "status " + status);
    }

    private static int dispatch(String client, Call call) throws Exception {
        switch (client) {
            case "jdk": return JdkClient.call(call);
            case "okhttp": return OkHttpClients.call(call);
            case "apache4": return Apache4Client.call(call);
            case "apache5": return call.async ? Apache5AsyncClient.call(call) : Apache5Client.call(call);
            case "spring": return SpringRestTemplate.call(call);
            default: throw new IllegalArgumentException("unknown client " + client);
        }
    }

    static String drain(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (InputStream body = in) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** {@code java.net.http.HttpClient}: send, or sendAsync then join. */
    static final class JdkClient {
        private static final HttpClient HTTP_1_1 = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        private static final HttpClient HTTP_2 = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(5)).build();

        static int call(Call call) throws Exception {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(call.url))
                    .timeout(Duration.ofMillis(call.timeoutMillis)).GET();
            if (call.traceHeader != null) {
                builder.header("X-Amzn-Trace-Id", call.traceHeader);
            }
            HttpRequest request = builder.build();
            HttpClient client = call.h2 ? HTTP_2 : HTTP_1_1;
            HttpResponse<String> response;
            if (call.async) {
                CompletableFuture<HttpResponse<String>> future = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
                response = future.get(30, TimeUnit.SECONDS);
            } else {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            }
            if (call.h2 && response.version() != HttpClient.Version.HTTP_2) {
                throw new IllegalStateException("expected HTTP/2, got " + response.version());
            }
            return response.statusCode();
        }
    }

    /** OkHttp 4.x or 3.x, whichever is on the class path: execute, or enqueue and wait for the callback. */
    static final class OkHttpClients {
        private static final okhttp3.OkHttpClient BASE = new okhttp3.OkHttpClient.Builder()
                .connectTimeout(5, TimeUnit.SECONDS).build();
        private static final okhttp3.OkHttpClient H2C = BASE.newBuilder()
                .protocols(java.util.List.of(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE)).build();

        static int call(Call call) throws Exception {
            okhttp3.OkHttpClient client = (call.h2 ? H2C : BASE).newBuilder()
                    .readTimeout(call.timeoutMillis, TimeUnit.MILLISECONDS).build();
            okhttp3.Request.Builder builder = new okhttp3.Request.Builder().url(call.url);
            if (call.traceHeader != null) {
                builder.header("X-Amzn-Trace-Id", call.traceHeader);
            }
            okhttp3.Call okCall = client.newCall(builder.build());
            if (!call.async) {
                try (okhttp3.Response response = okCall.execute()) {
                    drain(response.body().byteStream());
                    return checkProtocol(call, response);
                }
            }
            CompletableFuture<Integer> result = new CompletableFuture<>();
            okCall.enqueue(new okhttp3.Callback() {
                @Override
                public void onResponse(okhttp3.Call c, okhttp3.Response response) {
                    try (okhttp3.Response r = response) {
                        drain(r.body().byteStream());
                        result.complete(checkProtocol(call, r));
                    } catch (Exception e) {
                        result.completeExceptionally(e);
                    }
                }

                @Override
                public void onFailure(okhttp3.Call c, IOException e) {
                    result.completeExceptionally(e);
                }
            });
            return result.get(30, TimeUnit.SECONDS);
        }

        private static int checkProtocol(Call call, okhttp3.Response response) {
            if (call.h2 && response.protocol() != okhttp3.Protocol.H2_PRIOR_KNOWLEDGE) {
                throw new IllegalStateException("expected h2 with prior knowledge, got " + response.protocol());
            }
            return response.code();
        }
    }

    /** Apache HttpClient 4.5, classic (it has no async API). */
    static final class Apache4Client {
        private static final org.apache.http.impl.client.CloseableHttpClient CLIENT =
                org.apache.http.impl.client.HttpClients.createDefault();

        static int call(Call call) throws Exception {
            org.apache.http.client.methods.HttpGet get = new org.apache.http.client.methods.HttpGet(call.url);
            get.setConfig(org.apache.http.client.config.RequestConfig.custom()
                    .setConnectTimeout(5000).setSocketTimeout((int) call.timeoutMillis).build());
            if (call.traceHeader != null) {
                get.setHeader("X-Amzn-Trace-Id", call.traceHeader);
            }
            try (org.apache.http.client.methods.CloseableHttpResponse response = CLIENT.execute(get)) {
                org.apache.http.util.EntityUtils.consume(response.getEntity());
                return response.getStatusLine().getStatusCode();
            }
        }
    }

    /** Apache HttpClient 5.x classic. */
    static final class Apache5Client {
        private static final org.apache.hc.client5.http.impl.classic.CloseableHttpClient CLIENT =
                org.apache.hc.client5.http.impl.classic.HttpClients.createDefault();

        static int call(Call call) throws Exception {
            org.apache.hc.client5.http.classic.methods.HttpGet get = new org.apache.hc.client5.http.classic.methods.HttpGet(call.url);
            get.setConfig(org.apache.hc.client5.http.config.RequestConfig.custom()
                    .setResponseTimeout(org.apache.hc.core5.util.Timeout.ofMilliseconds(call.timeoutMillis)).build());
            if (call.traceHeader != null) {
                get.setHeader("X-Amzn-Trace-Id", call.traceHeader);
            }
            return CLIENT.execute(get, response -> {
                org.apache.hc.core5.http.io.entity.EntityUtils.consume(response.getEntity());
                return response.getCode();
            });
        }
    }

    /** Apache HttpClient 5.x async: execute with a callback, then wait for the future. */
    static final class Apache5AsyncClient {
        private static final org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient CLIENT =
                started(org.apache.hc.client5.http.impl.async.HttpAsyncClients.createDefault());
        /**
         * HTTP/2 only: h2c with prior knowledge on a plain-text URL. It applies no response
         * time-out to a stream, only the connection's socket time-out: one client per time-out.
         */
        private static final Map<Long, org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient> H2C_BY_TIMEOUT =
                new java.util.concurrent.ConcurrentHashMap<>();

        private static org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient started(
                org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient client) {
            client.start();
            return client;
        }

        private static org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient client(Call call) {
            if (!call.h2) {
                return CLIENT;
            }
            return H2C_BY_TIMEOUT.computeIfAbsent(call.timeoutMillis, millis -> started(
                    org.apache.hc.client5.http.impl.async.HttpAsyncClients.customHttp2()
                            .setIOReactorConfig(org.apache.hc.core5.reactor.IOReactorConfig.custom()
                                    .setSoTimeout(org.apache.hc.core5.util.Timeout.ofMilliseconds(millis)).build())
                            .build()));
        }

        static int call(Call call) throws Exception {
            org.apache.hc.client5.http.async.methods.SimpleHttpRequest request =
                    org.apache.hc.client5.http.async.methods.SimpleRequestBuilder.get(call.url)
                            .setRequestConfig(org.apache.hc.client5.http.config.RequestConfig.custom()
                                    .setResponseTimeout(org.apache.hc.core5.util.Timeout.ofMilliseconds(call.timeoutMillis))
                                    .build())
                            .build();
            if (call.traceHeader != null) {
                request.setHeader("X-Amzn-Trace-Id", call.traceHeader);
            }
            CompletableFuture<Integer> callbackSaw = new CompletableFuture<>();
            java.util.concurrent.Future<org.apache.hc.client5.http.async.methods.SimpleHttpResponse> future =
                    client(call).execute(request, new org.apache.hc.core5.concurrent.FutureCallback<>() {
                        @Override
                        public void completed(org.apache.hc.client5.http.async.methods.SimpleHttpResponse response) {
                            callbackSaw.complete(response.getCode());
                        }

                        @Override
                        public void failed(Exception e) {
                            callbackSaw.completeExceptionally(e);
                        }

                        @Override
                        public void cancelled() {
                            callbackSaw.cancel(false);
                        }
                    });
            int status = future.get(30, TimeUnit.SECONDS).getCode();
            return Math.min(status, callbackSaw.get(30, TimeUnit.SECONDS));
        }
    }

    /** Spring's RestTemplate over one of its request factories; every status is returned, none thrown. */
    static final class SpringRestTemplate {
        private static final Map<Long, org.apache.hc.client5.http.impl.classic.CloseableHttpClient> APACHE5_BY_TIMEOUT =
                new java.util.concurrent.ConcurrentHashMap<>();

        static int call(Call call) {
            org.springframework.http.client.ClientHttpRequestFactory factory;
            switch (call.factory) {
                case "apache5":
                    // Spring 6 leaves the read time-out to the client's own configuration.
                    factory = new org.springframework.http.client.HttpComponentsClientHttpRequestFactory(
                            APACHE5_BY_TIMEOUT.computeIfAbsent(call.timeoutMillis, millis ->
                                    org.apache.hc.client5.http.impl.classic.HttpClients.custom()
                                            .setDefaultRequestConfig(org.apache.hc.client5.http.config.RequestConfig.custom()
                                                    .setResponseTimeout(org.apache.hc.core5.util.Timeout.ofMilliseconds(millis))
                                                    .build())
                                            .build()));
                    break;
                case "jdk":
                    org.springframework.http.client.JdkClientHttpRequestFactory jdk =
                            new org.springframework.http.client.JdkClientHttpRequestFactory();
                    jdk.setReadTimeout((int) call.timeoutMillis);
                    factory = jdk;
                    break;
                default:
                    org.springframework.http.client.SimpleClientHttpRequestFactory simple =
                            new org.springframework.http.client.SimpleClientHttpRequestFactory();
                    simple.setConnectTimeout(5000);
                    simple.setReadTimeout((int) call.timeoutMillis);
                    factory = simple;
            }
            org.springframework.web.client.RestTemplate rest = new org.springframework.web.client.RestTemplate(factory);
            rest.setErrorHandler(new org.springframework.web.client.DefaultResponseErrorHandler() {
                @Override
                public boolean hasError(org.springframework.http.client.ClientHttpResponse response) {
                    return false;
                }
            });
            org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
            if (call.traceHeader != null) {
                headers.set("X-Amzn-Trace-Id", call.traceHeader);
            }
            return rest.exchange(URI.create(call.url), org.springframework.http.HttpMethod.GET,
                    new org.springframework.http.HttpEntity<Void>(headers), String.class).getStatusCode().value();
        }
    }
}
