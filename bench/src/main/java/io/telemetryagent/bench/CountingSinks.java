package io.telemetryagent.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Light receivers for the benchmark: an X-Ray endpoint ({@code /TraceSegments}) that counts the
 * documents of each PutTraceSegments call and an OTLP/HTTP endpoint ({@code /v1/traces}) that
 * counts export requests and bytes; any other path gets an empty 200. They accept and discard, so
 * that the receiver is never what limits the host: a plain HTTP/1.1 server on blocking sockets,
 * one daemon thread per connection ({@link SinkConnection}), the documents counted as the body
 * streams through one buffer ({@link DocumentCounter}).
 */
final class CountingSinks implements AutoCloseable {

    private final ServerSocket server;
    /** The X-Ray daemon's stand-in, for the daemon-mode row: counts datagrams, reads nothing else. */
    private final DatagramSocket daemon;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    final AtomicLong xrayDocuments = new AtomicLong();
    final AtomicLong xrayCalls = new AtomicLong();
    final AtomicLong otlpRequests = new AtomicLong();
    final AtomicLong otlpBytes = new AtomicLong();
    final AtomicLong daemonDatagrams = new AtomicLong();

    CountingSinks() throws IOException {
        server = new ServerSocket(0, 128, InetAddress.getByName("127.0.0.1"));
        daemon(this::acceptLoop, "counting-sinks-accept");
        daemon = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
        daemon.setReceiveBufferSize(8 << 20);
        daemon(this::receiveLoop, "counting-sinks-daemon");
    }

    /** Runs the sinks alone (for profiling a host by hand): prints the port, then the X-Ray documents counted each second. */
    public static void main(String[] args) throws Exception {
        CountingSinks sinks = new CountingSinks();
        System.out.println("PORT " + sinks.port());
        long last = 0;
        while (true) {
            Thread.sleep(1000);
            long now = sinks.xrayDocuments.get();
            System.out.println("docs/s " + (now - last) + " total " + now);
            last = now;
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** The UDP port for {@code daemon_address}. */
    int daemonPort() {
        return daemon.getLocalPort();
    }

    private void receiveLoop() {
        DatagramPacket packet = new DatagramPacket(new byte[65_536], 65_536);
        while (!closed) {
            try {
                daemon.receive(packet);
                daemonDatagrams.incrementAndGet();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /**
     * The strings in a PutTraceSegments body's {@code TraceSegmentDocuments} array, counted in one
     * pass over the bytes (skipping each string, escapes included) rather than parsed.
     */
    static long countDocuments(byte[] body) {
        return DocumentCounter.count(body);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("counting sinks: stopped accepting connections: " + e);
                }
                return;
            }
            connections.add(socket);
            if (closed) { // close() may have run between accept and add
                forget(socket);
                closeQuietly(socket);
                return;
            }
            daemon(new SinkConnection(socket, this), "counting-sinks-connection");
        }
    }

    void forget(Socket socket) {
        connections.remove(socket);
    }

    /** Stops accepting and closes every connection; their threads end with them. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        closeQuietly(daemon);
        for (Socket socket : connections) {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}
