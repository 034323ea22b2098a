package io.telemetryagent.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on 127.0.0.1 written on a bare {@link ServerSocket}, so that a test controls
 * every byte of an answer and sees every connection: it reads each request (head and
 * Content-Length body), records it, and writes the next scripted {@link Reply}'s bytes as they
 * are, then keeps the connection open, closes it, or never answers, as the reply says.
 */
final class RawHttpServer implements AutoCloseable {

    /** One request as received. */
    static final class Request {
        final String requestLine;
        /** Lower-case names. */
        final Map<String, String> headers;
        final byte[] body;
        final int connection;

        Request(String requestLine, Map<String, String> headers, byte[] body, int connection) {
            this.requestLine = requestLine;
            this.headers = headers;
            this.body = body;
            this.connection = connection;
        }
    }

    /** One scripted answer: raw bytes, then what to do with the connection. */
    static final class Reply {
        final byte[] bytes;
        final boolean closeAfter;
        final boolean silent;

        private Reply(byte[] bytes, boolean closeAfter, boolean silent) {
            this.bytes = bytes;
            this.closeAfter = closeAfter;
            this.silent = silent;
        }

        static Reply raw(String text) {
            return new Reply(text.getBytes(StandardCharsets.ISO_8859_1), false, false);
        }

        /** A 200 with Content-Length and X-Ray's usual body. */
        static Reply ok() {
            return json(200, "{\"UnprocessedTraceSegments\":[]}");
        }

        static Reply json(int status, String body) {
            return raw("HTTP/1.1 " + status + " Whatever\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
        }

        /** Closes the connection once written (as a server does with an idle connection, without saying so). */
        Reply thenClose() {
            return new Reply(bytes, true, false);
        }

        /** Reads the request and never answers. */
        static Reply silence() {
            return new Reply(new byte[0], false, true);
        }

        /** Reads the request and closes the connection without a byte. */
        static Reply hangUp() {
            return new Reply(new byte[0], true, false);
        }
    }

    private final ServerSocket server;
    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private volatile Reply otherwise = Reply.ok();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    private RawHttpServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::acceptLoop, "raw-http-accept");
    }

    static RawHttpServer start() throws IOException {
        return new RawHttpServer();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    RawHttpServer then(Reply... replies) {
        for (Reply reply : replies) {
            script.addLast(reply);
        }
        return this;
    }

    RawHttpServer otherwise(Reply reply) {
        otherwise = reply;
        return this;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                int number = connections.incrementAndGet();
                open.add(socket);
                daemon(() -> serve(socket, number), "raw-http-" + number);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket, int number) {
        try (Socket s = socket; InputStream in = new java.io.BufferedInputStream(s.getInputStream());
             OutputStream out = s.getOutputStream()) {
            while (true) {
                String requestLine = line(in);
                if (requestLine == null) {
                    return;
                }
                Map<String, String> headers = new TreeMap<>();
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    int colon = header.indexOf(':');
                    headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
                }
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                byte[] body = in.readNBytes(length);
                requests.add(new Request(requestLine, headers, body, number));
                Reply reply = script.pollFirst();
                if (reply == null) {
                    reply = otherwise;
                }
                if (reply.silent) {
                    while (in.read() >= 0) {
                        // holds the connection until the client gives up
                    }
                    return;
                }
                out.write(reply.bytes);
                out.flush();
                if (reply.closeAfter) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** A line without its CR LF; null at the end of the stream. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                text.write(b);
            }
        }
        return b < 0 && text.size() == 0 ? null : text.toString(StandardCharsets.ISO_8859_1);
    }

    static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
