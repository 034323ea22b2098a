package io.telemetryagent.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on 127.0.0.1: {@code CONNECT host:port} opens a tunnel (or, when asked, answers
 * 407), a request naming an absolute {@code http://} URI is forwarded to that host in origin
 * form; then bytes are piped both ways. Records each connection's first request line.
 */
final class LocalProxy implements AutoCloseable {

    private final ServerSocket server;
    private final boolean demandAuthentication;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    final List<String> firstLines = new CopyOnWriteArrayList<>();

    private LocalProxy(boolean demandAuthentication) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.demandAuthentication = demandAuthentication;
        RawHttpServer.daemon(this::acceptLoop, "local-proxy");
    }

    static LocalProxy start() throws IOException {
        return new LocalProxy(false);
    }

    /** A proxy that answers every request with 407 Proxy Authentication Required. */
    static LocalProxy demandingAuthentication() throws IOException {
        return new LocalProxy(true);
    }

    Proxy proxy() {
        return new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", server.getLocalPort()));
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                open.add(client);
                RawHttpServer.daemon(() -> serve(client), "local-proxy-conn");
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String first = line(in);
            StringBuilder rest = new StringBuilder();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                rest.append(header).append("\r\n");
            }
            firstLines.add(first);
            String[] parts = first.split(" ");
            if (demandAuthentication) {
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                client.close();
                return;
            }
            Socket target;
            if ("CONNECT".equals(parts[0])) {
                int colon = parts[1].lastIndexOf(':');
                target = new Socket(parts[1].substring(0, colon), Integer.parseInt(parts[1].substring(colon + 1)));
                out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } else {
                URI uri = URI.create(parts[1]);
                target = new Socket(uri.getHost(), uri.getPort());
                target.getOutputStream().write((parts[0] + " " + uri.getRawPath() + " " + parts[2] + "\r\n" + rest + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
            open.add(target);
            RawHttpServer.daemon(() -> pipe(target, client), "local-proxy-down");
            pipe(client, target);
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
        }
    }

    private static void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** A line without its CR LF ({@link RawHttpServer#line}); the client going away is an IOException. */
    private static String line(InputStream in) throws IOException {
        String line = RawHttpServer.line(in);
        if (line == null) {
            throw new IOException("the client went away");
        }
        return line;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(LocalProxy::closeQuietly);
    }
}
