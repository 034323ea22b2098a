package io.telemetryagent.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A stand-in for the X-Ray daemon (or a collector's {@code awsxray} receiver) on 127.0.0.1: it
 * takes UDP datagrams as the daemon does, checks that each starts with the daemon's header line
 * {@code {"format": "json", "version": 1}} and a newline, validates the document after it as
 * {@link XRayReceiver} does ({@link SegmentSchema}), keeps it, and lets tests wait for what arrives.
 */
public final class XRayDaemonListener implements AutoCloseable {

    /** The header the daemon expects before every document. */
    public static final String HEADER = "{\"format\": \"json\", \"version\": 1}";
    /** The daemon reads 64 KB per datagram; a bigger one would be cut short there. */
    public static final int DAEMON_BUFFER = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DatagramSocket socket;
    private final Thread thread;
    private final Object lock = new Object();
    private final List<JsonNode> documents = new ArrayList<>();
    private final Arrivals arrivals = new Arrivals(lock, documents, this::describe);
    private final List<String> violations = new ArrayList<>();
    private int datagrams;
    private int largestDatagram;

    private XRayDaemonListener(DatagramSocket socket) {
        this.socket = socket;
        this.thread = new Thread(this::receive, "xray-daemon-listener");
        this.thread.setDaemon(true);
    }

    /** A listener on a free UDP port of 127.0.0.1. */
    public static XRayDaemonListener start() {
        return start(0);
    }

    /** A listener on this UDP port of 127.0.0.1 (0 for a free one): a daemon back where it was before. */
    public static XRayDaemonListener start(int port) {
        try {
            DatagramSocket socket = new DatagramSocket(port, InetAddress.getLoopbackAddress());
            // Room for bursts: the kernel drops datagrams silently when the buffer is full.
            socket.setReceiveBufferSize(8 << 20);
            XRayDaemonListener listener = new XRayDaemonListener(socket);
            listener.thread.start();
            return listener;
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The value for {@code AWS_XRAY_DAEMON_ADDRESS} or {@code exporters.xray.daemon_address}. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    @Override
    public void close() {
        socket.close();
    }

    private void receive() {
        // One byte more than the daemon reads, to tell a datagram it would cut short.
        byte[] buffer = new byte[DAEMON_BUFFER + 1];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return; // closed
            }
            accept(new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8), packet.getLength());
        }
    }

    private void accept(String datagram, int length) {
        List<String> problems = new ArrayList<>();
        JsonNode doc = null;
        int newline = datagram.indexOf('\n');
        if (length > DAEMON_BUFFER) {
            problems.add("a datagram of more than " + DAEMON_BUFFER + " bytes, which the daemon cuts short");
        } else if (newline < 0 || !HEADER.equals(datagram.substring(0, newline))) {
            problems.add("no daemon header line: " + abbreviate(datagram));
        } else {
            String text = datagram.substring(newline + 1);
            try {
                doc = JSON.readTree(text);
                problems.addAll(SegmentSchema.violations(doc, text.getBytes(StandardCharsets.UTF_8).length));
            } catch (IOException e) {
                problems.add("unparseable document: " + abbreviate(text));
            }
        }
        synchronized (lock) {
            datagrams++;
            largestDatagram = Math.max(largestDatagram, length);
            if (doc != null) {
                documents.add(doc);
            }
            violations.addAll(problems);
            lock.notifyAll();
        }
    }

    /** Every document received so far, in arrival order. */
    public List<JsonNode> documents() {
        synchronized (lock) {
            return List.copyOf(documents);
        }
    }

    /** The documents received that are segments (not {@code type: subsegment}). */
    public List<JsonNode> segments() {
        return documents().stream().filter(d -> !"subsegment".equals(d.path("type").asText()))
                .collect(Collectors.toList());
    }

    /** The documents received grouped by trace id and reassembled into trees. */
    public List<XRayTrace> traces() {
        return XRayTrace.group(documents());
    }

    /** Header, parse, size and schema problems, one line each; empty when all is well. */
    public List<String> violations() {
        synchronized (lock) {
            return List.copyOf(violations);
        }
    }

    public int datagramCount() {
        synchronized (lock) {
            return datagrams;
        }
    }

    /** The largest datagram received, in bytes, header included. */
    public int largestDatagram() {
        synchronized (lock) {
            return largestDatagram;
        }
    }

    /** Waits until {@code count} documents matching {@code predicate} have arrived; returns those. */
    public List<JsonNode> awaitDocuments(Predicate<JsonNode> predicate, int count, Duration timeout) {
        return arrivals.awaitDocuments(predicate, count, timeout);
    }

    /** Waits for a trace that satisfies {@code predicate} (checked on each arrival); returns it. */
    public XRayTrace awaitTrace(Predicate<XRayTrace> predicate, Duration timeout) {
        return arrivals.awaitTrace(predicate, timeout);
    }

    /** A summary for failure messages: counts, problems and the trees received. */
    public String describe() {
        synchronized (lock) {
            StringBuilder out = new StringBuilder();
            out.append(datagrams).append(" datagrams, ").append(documents.size()).append(" documents");
            if (!violations.isEmpty()) {
                out.append(", violations ").append(violations);
            }
            List<XRayTrace> traces = XRayTrace.group(documents);
            for (int i = 0; i < traces.size(); i++) {
                if (i == 12) {
                    out.append("\n  ... ").append(traces.size() - 12).append(" more traces");
                    break;
                }
                out.append('\n').append(traces.get(i).tree());
            }
            return out.toString();
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
