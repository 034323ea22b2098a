package io.telemetryagent.export;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends segment documents to an X-Ray daemon, or to a collector's {@code awsxray} receiver, as UDP
 * datagrams in the daemon's format: the header line {@code {"format": "json", "version": 1}}, a
 * newline, then one document. The daemon holds the credentials and calls X-Ray, so the JVM needs
 * neither credentials nor a region.
 *
 * <p>A datagram carries at most {@link #MAX_DATAGRAM} bytes, header included; a segment's
 * writer splits bigger segments into subsegment documents of {@link #MAX_DOCUMENT_BYTES} at most
 * before they come here. UDP says nothing of delivery: what is counted sent left this JVM. A send
 * that fails (no route, unknown host) is counted dropped; so is a datagram the daemon's host
 * refused because nothing listens (ICMP port unreachable, which the kernel reports on the next
 * send), its count moved from sent to dropped then. The exporter says what was dropped and why. Used by the exporter's thread only; the counters are
 * read from anywhere.
 */
final class DaemonSender implements AutoCloseable {

    /** The daemon protocol's header, before every document. */
    static final String HEADER = "{\"format\": \"json\", \"version\": 1}\n";
    /**
     * The largest UDP payload over IPv4 (65,535 less the IP and UDP headers). The daemon reads
     * 64 KB per datagram, so anything that leaves the socket fits its buffer.
     */
    static final int MAX_DATAGRAM = 65_507;
    /** The largest document a datagram carries after the header. */
    static final int MAX_DOCUMENT_BYTES = MAX_DATAGRAM - HEADER.length();
    private static final long REOPEN_PAUSE_NANOS = 1_000_000_000L;

    private final String host;
    private final int port;
    private final ByteBuffer datagram = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private DatagramChannel channel;
    /** The last datagram went out: a refusal reported now is about it. */
    private boolean lastWentOut;
    /** After a failed open (unknown host, no route): no new try before this {@link System#nanoTime()}. */
    private long reopenAtNanos;
    private boolean reopenWait;
    private String lastOpenFailure;
    /** Why the last document was dropped, for the exporter's log line; null before any drop. */
    private volatile String problem;

    /**
     * @param host the daemon's host name or address; resolved at the first send, and again after
     *             a send fails (a daemon behind a DNS name may move)
     */
    DaemonSender(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Documents that left for the daemon. */
    long sent() { return sent.get(); }
    /** Documents that could not be sent: send errors, and documents too big for a datagram. */
    long dropped() { return dropped.get(); }
    /** Why the last document was dropped, in a few words with the daemon's address; null before any. */
    String problem() { return problem; }

    /** {@code host:port}, as the start-up line and the log lines name the daemon. */
    String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Sends one document (JSON text) as one datagram; false when it was dropped. Never throws. */
    boolean send(CharSequence document) {
        datagram.clear();
        for (int i = 0; i < HEADER.length(); i++) {
            datagram.put((byte) HEADER.charAt(i));
        }
        utf8.reset();
        CoderResult result = utf8.encode(CharBuffer.wrap(document), datagram, true);
        if (result.isOverflow() || utf8.flush(datagram).isOverflow()) {
            dropped.incrementAndGet();
            problem = "a document over the " + MAX_DOCUMENT_BYTES + " bytes a datagram to the daemon holds";
            return false;
        }
        datagram.flip();
        try {
            DatagramChannel open = channel();
            try {
                open.write(datagram);
            } catch (PortUnreachableException e) {
                // The refusal of the datagram before, reported on this send, which did not go
                // out: that one is lost; this one gets its own chance (the daemon may be back).
                refusedBefore();
                datagram.rewind();
                open.write(datagram);
            }
            wentOut();
            return true;
        } catch (IOException | RuntimeException e) {
            failed(e);
            return false;
        }
    }

    private void wentOut() {
        sent.incrementAndGet();
        lastWentOut = true;
    }

    /** The datagram before went out but nothing listened for it (ICMP port unreachable). */
    private void refusedBefore() {
        if (lastWentOut) {
            sent.decrementAndGet();
            drop("nothing listens there (ICMP port unreachable)");
        }
        lastWentOut = false;
    }

    /** This datagram could not go out; a broken channel is opened anew on the next send. */
    private void failed(Exception e) {
        lastWentOut = false;
        close();
        drop(e instanceof ClosedByInterruptException ? "interrupted at shutdown"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private void drop(String why) {
        dropped.incrementAndGet();
        problem = "cannot send to the X-Ray daemon at " + address() + ": " + why;
    }

    private DatagramChannel channel() throws IOException {
        DatagramChannel open = channel;
        if (open != null && open.isOpen()) {
            return open;
        }
        // A name that does not resolve is not looked up again for every document of an outage.
        if (reopenWait && System.nanoTime() - reopenAtNanos < 0) {
            throw new IOException(lastOpenFailure);
        }
        reopenWait = true;
        reopenAtNanos = System.nanoTime() + REOPEN_PAUSE_NANOS;
        InetSocketAddress target = new InetSocketAddress(host, port);
        if (target.isUnresolved()) {
            lastOpenFailure = "unknown host " + host;
            throw new IOException(lastOpenFailure);
        }
        open = DatagramChannel.open();
        try {
            // Connected: the kernel then reports a daemon that is not listening (ICMP port
            // unreachable) on the next send, instead of the datagrams vanishing unsaid.
            open.connect(target);
        } catch (IOException | RuntimeException e) {
            open.close();
            lastOpenFailure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw e;
        }
        channel = open;
        reopenWait = false;
        return open;
    }

    @Override
    public void close() {
        DatagramChannel open = channel;
        channel = null;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // nothing left to send on it
            }
        }
    }
}
