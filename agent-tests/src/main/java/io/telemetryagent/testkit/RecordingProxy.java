package io.telemetryagent.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An HTTP proxy on 127.0.0.1 that records every request it is asked to carry, for tests of a
 * client's proxy settings. It never reaches past this machine:
 * <ul>
 *   <li>{@code CONNECT host:port} (the tunnel an {@code https://} URL asks for) is recorded and
 *       answered {@code 502 Bad Gateway}: the host name the client asked for is the evidence, and
 *       the client sees a proxy that cannot connect;</li>
 *   <li>a request in absolute form for a loopback address ({@code POST http://127.0.0.1:port/path})
 *       is forwarded there, one request per connection ({@code Connection: close} both ways);</li>
 *   <li>anything else is answered 502.</li>
 * </ul>
 */
public final class RecordingProxy implements AutoCloseable {

    /** One request the proxy was asked to carry: {@code CONNECT host:443}, or {@code POST http://...}. */
    public record Request(String method, String target, Map<String, String> headers) {
        /** The request line as the client sent it, without the protocol version. */
        public String line() {
            return method + " " + target;
        }

        /** A header's value (names compared without case), or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static final byte[] REFUSED = ("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);

    private final ServerSocket server;
    private final List<Request> requests = new ArrayList<>();

    private RecordingProxy(ServerSocket server) {
        this.server = server;
    }

    /** A proxy on a free port of 127.0.0.1. */
    public static RecordingProxy start() {
        try {
            RecordingProxy proxy = new RecordingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            daemon(proxy::acceptLoop, "recording-proxy");
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}, the form {@code HTTPS_PROXY} and {@code HTTP_PROXY} take. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Every request so far, in arrival order. */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Waits for a request that matches; returns it. */
    public Request awaitRequest(Predicate<Request> predicate, Duration timeout) {
        return Waiting.firstMatch(requests, predicate, timeout, () -> "no matching request at the proxy within "
                + timeout + "; it got " + requests.stream().map(Request::line).toList());
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                daemon(() -> serve(client), "recording-proxy-client");
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(30_000);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            List<String> head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            String[] requestLine = head.get(0).split(" ");
            if (requestLine.length != 3) {
                out.write(REFUSED);
                return;
            }
            Map<String, String> headers = headers(head);
            Request request = new Request(requestLine[0], requestLine[1], headers);
            synchronized (requests) {
                requests.add(request);
                requests.notifyAll();
            }
            URI target = "CONNECT".equals(request.method()) ? null : URI.create(request.target());
            if (target == null || !"http".equals(target.getScheme()) || !isLoopback(target.getHost())
                    || headers.containsKey("transfer-encoding")) {
                out.write(REFUSED);
                return;
            }
            if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            forward(request, target, head, body, out);
        } catch (IOException | RuntimeException e) {
            // the client went away, or sent something this proxy does not speak: nothing to carry
        }
    }

    /** Sends the request in origin form to the loopback target and copies its answer back, closing both. */
    private static void forward(Request request, URI target, List<String> head, byte[] body, OutputStream out)
            throws IOException {
        String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        StringBuilder upstreamHead = new StringBuilder(request.method() + " " + path + " HTTP/1.1\r\n");
        for (String line : head.subList(1, head.size())) {
            String name = line.substring(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
            if (!name.startsWith("proxy-") && !name.equals("connection") && !name.equals("keep-alive")
                    && !name.equals("expect")) {
                upstreamHead.append(line).append("\r\n");
            }
        }
        upstreamHead.append("Connection: close\r\n\r\n");
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target.getPort())) {
            upstream.setSoTimeout(30_000);
            OutputStream toTarget = upstream.getOutputStream();
            toTarget.write(upstreamHead.toString().getBytes(StandardCharsets.ISO_8859_1));
            toTarget.write(body);
            toTarget.flush();
            InputStream fromTarget = upstream.getInputStream();
            List<String> answer = readHead(fromTarget);
            StringBuilder answerHead = new StringBuilder();
            for (String line : answer) {
                if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                    answerHead.append(line).append("\r\n");
                }
            }
            answerHead.append("Connection: close\r\n\r\n");
            out.write(answerHead.toString().getBytes(StandardCharsets.ISO_8859_1));
            fromTarget.transferTo(out);
            out.flush();
        }
    }

    /** The request or status line and the header lines, up to the empty line; empty at end of stream. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
        return List.of();
    }

    private static Map<String, String> headers(List<String> head) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private static boolean isLoopback(String host) {
        return "127.0.0.1".equals(host) || "localhost".equals(host);
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}
