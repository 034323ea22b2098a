package io.telemetryagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import io.telemetryagent.trace.Span;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DaemonSenderTest {

    private DatagramSocket daemon;

    @BeforeEach
    void listen() throws SocketException {
        daemon = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        daemon.setSoTimeout(5000);
        daemon.setReceiveBufferSize(1 << 20);
    }

    @AfterEach
    void close() {
        daemon.close();
    }

    private String receive() throws Exception {
        byte[] buffer = new byte[70_000];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        daemon.receive(packet);
        return new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    private DaemonSender sender() {
        return new DaemonSender("127.0.0.1", daemon.getLocalPort());
    }

    @Test
    void sendsEachDocumentAfterTheDaemonHeaderLine() throws Exception {
        try (DaemonSender sender = sender()) {
            assertTrue(sender.send("{\"name\":\"caf\u00e9\",\"id\":\"1\"}"));
            assertTrue(sender.send("{\"name\":\"b\",\"id\":\"2\"}"));

            assertEquals("{\"format\": \"json\", \"version\": 1}\n{\"name\":\"caf\u00e9\",\"id\":\"1\"}", receive());
            assertEquals("{\"format\": \"json\", \"version\": 1}\n{\"name\":\"b\",\"id\":\"2\"}", receive());
            assertEquals(2, sender.sent());
            assertEquals(0, sender.dropped());
        }
    }

    @Test
    void sendsADocumentThatFillsADatagramAndDropsOneByteMore() throws Exception {
        String fits = document(DaemonSender.MAX_DOCUMENT_BYTES);
        String over = document(DaemonSender.MAX_DOCUMENT_BYTES + 1);
        try (DaemonSender sender = sender()) {
            assertTrue(sender.send(fits));
            assertFalse(sender.send(over));

            String datagram = receive();
            assertEquals(DaemonSender.MAX_DATAGRAM, datagram.getBytes(StandardCharsets.UTF_8).length);
            assertTrue(datagram.endsWith(fits));
            assertEquals(1, sender.sent());
            assertEquals(1, sender.dropped());
        }
    }

    @Test
    void countsWhatNobodyListenedForAndSendsAgainWhenTheDaemonIsBack() throws Exception {
        int port = daemon.getLocalPort();
        daemon.close();
        try (DaemonSender sender = new DaemonSender("127.0.0.1", port)) {
            for (int i = 0; i < 5; i++) {
                sender.send("{\"id\":\"lost" + i + "\"}");
            }
            // Each refusal (ICMP port unreachable) is reported on the send after the refused one:
            // all are counted dropped but the last, whose refusal no later send has heard of.
            assertEquals(1, sender.sent());
            assertEquals(4, sender.dropped());
            assertEquals("cannot send to the X-Ray daemon at 127.0.0.1:" + port
                    + ": nothing listens there (ICMP port unreachable)", sender.problem());

            daemon = new DatagramSocket(port, InetAddress.getLoopbackAddress());
            daemon.setSoTimeout(5000);
            assertTrue(sender.send("{\"id\":\"back1\"}"));
            assertTrue(sender.send("{\"id\":\"back2\"}"));

            assertTrue(receive().endsWith("{\"id\":\"back1\"}"));
            assertTrue(receive().endsWith("{\"id\":\"back2\"}"));
            assertEquals(5, sender.dropped(), "the last refused datagram, heard of on the first send back");
            assertEquals(2, sender.sent());
        }
    }

    @Test
    void countsEveryDocumentForAnUnknownHostAsDropped() {
        try (DaemonSender sender = new DaemonSender("no-such-daemon.invalid", 2000)) {
            for (int i = 0; i < 1001; i++) {
                assertFalse(sender.send("{}"));
            }
            assertEquals(1001, sender.dropped());
            assertEquals("cannot send to the X-Ray daemon at no-such-daemon.invalid:2000: unknown host"
                    + " no-such-daemon.invalid", sender.problem());
        }
    }

    @Test
    void aSegmentThatFits64KbButNotADatagramIsWrittenInDocumentsThatDo() throws Exception {
        // A segment of 65,494 bytes: X-Ray would take it whole, a datagram cannot (header included).
        int children = 1;
        while (whole(SegmentWriterTest.bigSegment(children + 1)) <= 65_000) {
            children++;
        }
        Span probe = SegmentWriterTest.bigSegment(children);
        probe.route("r");
        int padding = 65_494 - whole(probe);
        Span measured = SegmentWriterTest.bigSegment(children);
        measured.route("r".repeat(1 + padding));
        int size = whole(measured);
        // Writing marks the spans sent: the one the test writes is a fresh copy.
        Span root = SegmentWriterTest.bigSegment(children);
        root.route("r".repeat(1 + padding));
        int over = size - DaemonSender.MAX_DOCUMENT_BYTES;
        assertTrue(over > 0 && size <= SegmentWriter.MAX_DOCUMENT_BYTES, "size " + size);
        List<String> documents = new ArrayList<>();
        new SegmentWriter("orders", "1.2.3", "1.0.0", Platform.UNKNOWN, DaemonSender.MAX_DOCUMENT_BYTES)
                .write(root, documents::add);

        assertTrue(documents.size() > 1, "split into " + documents.size());
        try (DaemonSender sender = sender()) {
            for (String document : documents) {
                assertTrue(sender.send(document), "each fits a datagram");
            }
            for (int i = 0; i < documents.size(); i++) {
                assertTrue(receive().length() <= DaemonSender.MAX_DATAGRAM);
            }
            assertEquals(documents.size(), sender.sent());
        }
    }

    private static int whole(Span root) {
        List<String> documents = new ArrayList<>();
        new SegmentWriter("orders", "1.2.3", "1.0.0", (String) null, Integer.MAX_VALUE).write(root, documents::add);
        assertEquals(1, documents.size());
        return documents.get(0).getBytes(StandardCharsets.UTF_8).length;
    }

    /** A JSON document of exactly {@code bytes} UTF-8 bytes, two-byte characters included. */
    private static String document(int bytes) {
        StringBuilder text = new StringBuilder("{\"a\":\"");
        int size = text.length() + 2;
        while (size + 2 <= bytes - 10) {
            text.append('\u00e9');
            size += 2;
        }
        while (size < bytes) {
            text.append('x');
            size++;
        }
        String doc = text.append("\"}").toString();
        assertEquals(bytes, doc.getBytes(StandardCharsets.UTF_8).length);
        return doc;
    }
}
