package com.example.hosts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the host apps share: answering an exchange, reading a query, calling out. Plain JDK only.
 * Public for the hosts compiled at test time against a row's jars (the AWS SDK hosts in
 * {@code src/hosts}), which have this module's classes on their class path too.
 */
public final class Http {

    private Http() {}

    /**
     * A JDK HTTP server on 127.0.0.1 with TCP_NODELAY on its connections: without it, the server's
     * separate header and body writes meet the client's delayed ACK and every keep-alive request
     * on loopback costs 40 ms.
     */
    static HttpServer create(int port, int backlog) throws IOException {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
    }

    public static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The request's query parameters, decoded, in their order; a name without '=' has the value "". */
    public static Map<String, String> query(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawQuery();
        return raw == null ? new LinkedHashMap<>() : form(raw);
    }

    /** {@code a=1&b=x%20y} (a query, or a form body as the AWS SDKs post it), decoded, in its order. */
    public static Map<String, String> form(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    /** The result of an outbound GET: status and body, or the exception that stopped it. */
    static final class Outcome {
        final int status;
        final String body;
        final Exception error;

        Outcome(int status, String body, Exception error) {
            this.status = status;
            this.body = body;
            this.error = error;
        }
    }

    /** GET with {@link HttpURLConnection}; {@code traceHeader}, when not null, is set by the app itself. */
    static Outcome get(String url, String traceHeader) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(5000);
            connection.setReadTimeout(10000);
            if (traceHeader != null) {
                connection.setRequestProperty("X-Amzn-Trace-Id", traceHeader);
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (in != null) {
                in.close();
            }
            return new Outcome(status, body, null);
        } catch (Exception e) {
            return new Outcome(-1, null, e);
        }
    }
}
