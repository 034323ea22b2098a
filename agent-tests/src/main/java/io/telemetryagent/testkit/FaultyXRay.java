package io.telemetryagent.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP-level stand-in for X-Ray on 127.0.0.1, placed in front of a real {@link XRayReceiver}:
 * while {@link Fault#HEALTHY} it forwards every call to the receiver byte for byte (signature and
 * all) and the receiver's answer back; in any other mode it answers (or fails to) by itself and
 * never forwards, so that a document the receiver holds is exactly one the agent was told
 * arrived. {@link #set(Fault)} switches at any time; calls already being answered finish in
 * the mode they started in, except that leaving a mode cuts its held connections (slow, drip,
 * endless), as a far end that recovers does.
 */
public final class FaultyXRay implements AutoCloseable {

    /** What the stand-in does with each call. */
    public enum Fault {
        /** Forwards to the receiver. */
        HEALTHY,
        /** Port closed: connections are refused. */
        DOWN,
        /** Accepts each connection, then resets it. */
        REFUSING,
        /** Reads the call and answers 503 after 30 s. */
        SLOW,
        /** Answers 200 one byte every 2 s. */
        DRIP,
        /** 500 InternalFailure. */
        ERROR_500,
        /** 429 ThrottlingException. */
        THROTTLING_429,
        /** 403 AccessDeniedException. */
        DENIED_403,
        /** 200 with an HTML page for a body (a proxy's page, a wrong endpoint). */
        GARBAGE_200,
        /** 200, Content-Length 400, 20 bytes of body, then the connection closes. */
        CLOSE_MID_ANSWER,
        /** 200 with a chunked body that never ends (a JSON string that goes on and on). */
        ENDLESS_BODY
    }

    private final XRayReceiver receiver;
    private final Object lock = new Object();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Fault fault = Fault.HEALTHY;
    private volatile int generation;
    private ServerSocket server;
    private int port;

    private FaultyXRay(XRayReceiver receiver) {
        this.receiver = receiver;
    }

    /** A stand-in on a free port, healthy, in front of {@code receiver}. */
    public static FaultyXRay inFrontOf(XRayReceiver receiver) {
        FaultyXRay faulty = new FaultyXRay(receiver);
        faulty.listen();
        return faulty;
    }

    /** The URL to configure as {@code exporters.xray.endpoint}. */
    public String endpoint() {
        synchronized (lock) {
            return "http://127.0.0.1:" + port;
        }
    }

    /** Calls that reached the stand-in (whole requests read), whatever it did with them. */
    public int calls() {
        return calls.get();
    }

    public Fault fault() {
        return fault;
    }

    /** Switches to {@code next}: DOWN closes the port (and every connection), leaving DOWN opens it again. */
    public void set(Fault next) {
        synchronized (lock) {
            Fault previous = fault;
            fault = next;
            generation++;
            if (next == Fault.DOWN) {
                closeServer();
                closeConnections();
            } else if (previous == Fault.DOWN) {
                listen();
            } else if (previous != Fault.HEALTHY && previous != next) {
                // Held answers (slow, drip, endless) end with their fault.
                closeConnections();
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            fault = Fault.DOWN;
            closeServer();
            closeConnections();
        }
    }

    // ---------------------------------------------------------------- the socket

    private void listen() {
        synchronized (lock) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (true) {
                try {
                    ServerSocket socket = new ServerSocket();
                    socket.setReuseAddress(true);
                    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
                    server = socket;
                    port = socket.getLocalPort();
                    break;
                } catch (BindException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("port " + port + " stays taken", e);
                    }
                    pause(50);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            ServerSocket accepting = server;
            daemon("faulty-xray-accept", () -> accept(accepting));
        }
    }

    private void accept(ServerSocket accepting) {
        while (!accepting.isClosed()) {
            Socket client;
            try {
                client = accepting.accept();
            } catch (IOException e) {
                return;
            }
            if (fault == Fault.REFUSING) {
                reset(client);
                continue;
            }
            open.add(client);
            daemon("faulty-xray-conn", () -> serve(client));
        }
    }

    private void closeServer() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            server = null;
        }
    }

    private void closeConnections() {
        for (Socket socket : open) {
            reset(socket);
        }
        open.clear();
    }

    // ---------------------------------------------------------------- one connection, call after call

    private void serve(Socket client) {
        Socket upstream = null;
        try (client) {
            client.setTcpNoDelay(true);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            while (true) {
                byte[] request = readMessage(in, true);
                if (request == null) {
                    return;
                }
                calls.incrementAndGet();
                Fault now = fault;
                int started = generation;
                switch (now) {
                    case HEALTHY:
                        if (upstream == null || upstream.isClosed()) {
                            upstream = new Socket(InetAddress.getLoopbackAddress(), receiver.port());
                            upstream.setTcpNoDelay(true);
                        }
                        upstream.getOutputStream().write(request);
                        byte[] answer = readMessage(upstream.getInputStream(), false);
                        if (answer == null) {
                            return;
                        }
                        out.write(answer);
                        break;
                    case DOWN:
                    case REFUSING:
                        reset(client);
                        return;
                    case SLOW:
                        long until = System.nanoTime() + 30_000_000_000L;
                        while (System.nanoTime() < until && generation == started) {
                            pause(100);
                        }
                        out.write(error(503, "ServiceUnavailableException", "answered after 30 s"));
                        break;
                    case DRIP:
                        byte[] slowly = answer(200, "application/json", "{\"UnprocessedTraceSegments\":[]}");
                        for (byte b : slowly) {
                            out.write(b);
                            out.flush();
                            for (int i = 0; i < 20 && generation == started; i++) {
                                pause(100);
                            }
                            if (generation != started) {
                                // The fault ended: the dripped answer never completes.
                                reset(client);
                                return;
                            }
                        }
                        break;
                    case ERROR_500:
                        out.write(error(500, "InternalFailure", "scripted 500"));
                        break;
                    case THROTTLING_429:
                        out.write(error(429, "ThrottlingException", "Rate exceeded"));
                        break;
                    case DENIED_403:
                        out.write(error(403, "AccessDeniedException", "User is not authorized to perform xray:PutTraceSegments"));
                        break;
                    case GARBAGE_200:
                        out.write(answer(200, "text/html", "<html><body>Welcome to the proxy</body></html>"));
                        break;
                    case CLOSE_MID_ANSWER:
                        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 400\r\n\r\n";
                        out.write((head + "{\"UnprocessedTrace").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        return;
                    case ENDLESS_BODY:
                        endless(out, started);
                        return;
                    default:
                        throw new IllegalStateException(now.toString());
                }
                out.flush();
            }
        } catch (IOException e) {
            // the client (or the receiver) went away: so does this connection
        } finally {
            open.remove(client);
            if (upstream != null) {
                try {
                    upstream.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    /** A JSON string that never closes, 16 KB a chunk, as fast as the client reads (at most 16 MB/s). */
    private void endless(OutputStream out, int started) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] first = "{\"UnprocessedTraceSegments\":[],\"Padding\":\"".getBytes(StandardCharsets.US_ASCII);
        out.write(chunk(first));
        byte[] filler = new byte[16 * 1024];
        java.util.Arrays.fill(filler, (byte) 'a');
        byte[] chunk = chunk(filler);
        while (generation == started) {
            out.write(chunk);
            out.flush();
            pause(1);
        }
    }

    private static byte[] chunk(byte[] data) {
        byte[] size = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[size.length + data.length + 2];
        System.arraycopy(size, 0, all, 0, size.length);
        System.arraycopy(data, 0, all, size.length, data.length);
        all[all.length - 2] = '\r';
        all[all.length - 1] = '\n';
        return all;
    }

    private static byte[] error(int status, String type, String message) {
        String body = "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}";
        return answer(status, "application/x-amz-json-1.1", body, "x-amzn-ErrorType: " + type + "\r\n");
    }

    private static byte[] answer(int status, String contentType, String body) {
        return answer(status, contentType, body, "");
    }

    private static byte[] answer(int status, String contentType, String body, String moreHeaders) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + bytes.length + "\r\nx-amzn-RequestId: faulty-xray\r\n" + moreHeaders + "\r\n";
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        all.writeBytes(bytes);
        return all.toByteArray();
    }

    private static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 403: return "Forbidden";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            default: return "Service Unavailable";
        }
    }

    /**
     * One HTTP/1.1 message (head and a Content-Length body) as its bytes; null at a clean end of
     * stream before it. Requests from the SDK's url-connection client and the receiver's answers
     * both carry a Content-Length.
     */
    private static byte[] readMessage(InputStream in, boolean request) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("end of stream inside a head");
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        long length = 0;
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                length = Long.parseLong(line.substring(colon + 1).trim());
            } else if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("transfer-encoding")) {
                throw new IOException("chunked " + (request ? "request" : "answer") + " not supported by FaultyXRay");
            }
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(head.toByteArray());
        all.writeBytes(in.readNBytes((int) length));
        return all.toByteArray();
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // closed already
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
