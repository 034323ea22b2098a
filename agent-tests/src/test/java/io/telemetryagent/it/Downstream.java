package io.telemetryagent.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;

/**
 * The service the clients under test call: Jetty on 127.0.0.1, speaking HTTP/1.1 and HTTP/2 over
 * cleartext (by upgrade or with prior knowledge) on one port, recording every request it
 * receives (path, protocol, headers) before answering. {@code /any/path?status=N} answers N with
 * a 10-byte body; {@code &stall_ms=N} waits that long first, to make a client's read time out.
 */
final class Downstream implements AutoCloseable {

    static final String BODY = "downstream";

    /** One request as it arrived. */
    record Received(String path, String protocol, Map<String, List<String>> headers) {
        /** Every value of a header, the name compared case-insensitively. */
        List<String> header(String name) {
            List<String> values = new ArrayList<>();
            headers.forEach((k, v) -> { if (k.equalsIgnoreCase(name)) values.addAll(v); });
            return values;
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final List<Received> received = new ArrayList<>();

    private Downstream() {
        server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        connector = new ServerConnector(server, new HttpConnectionFactory(config), new HTTP2CServerConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setStopTimeout(0);
        server.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                    throws IOException {
                base.setHandled(true);
                Map<String, List<String>> headers = new LinkedHashMap<>();
                for (String name : Collections.list(request.getHeaderNames())) {
                    headers.put(name, Collections.list(request.getHeaders(name)));
                }
                synchronized (received) {
                    received.add(new Received(request.getRequestURI(), request.getProtocol(), headers));
                    received.notifyAll();
                }
                String stall = request.getParameter("stall_ms");
                if (stall != null) {
                    try {
                        Thread.sleep(Long.parseLong(stall));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                String status = request.getParameter("status");
                byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
                response.setStatus(status == null ? 200 : Integer.parseInt(status));
                response.setContentType("text/plain");
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
            }
        });
    }

    static Downstream start() {
        Downstream downstream = new Downstream();
        try {
            downstream.server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the downstream server", e);
        }
        return downstream;
    }

    int port() {
        return connector.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port><pathAndQuery>}. */
    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port() + pathAndQuery;
    }

    /** A URL of 127.0.0.1 where nothing listens: a call to it is refused. */
    static String refusedUrl(String path) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort() + path;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every request received for {@code path}, waiting up to {@code timeout} for the first. */
    List<Received> await(String path, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                List<Received> matching = received.stream().filter(r -> r.path().equals(path)).toList();
                long left = deadline - System.nanoTime();
                if (!matching.isEmpty() || left <= 0) {
                    return matching;
                }
                try {
                    received.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return matching;
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping a test server: nothing to do
        }
    }
}
