package io.telemetryagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
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
    void countsAnUnknownHostAsDropped() {
        try (DaemonSender sender = new DaemonSender("no-such-daemon.invalid", 2000)) {
            assertFalse(sender.send("{}"));
            assertEquals(1, sender.dropped());
            assertEquals("cannot send to the X-Ray daemon at no-such-daemon.invalid:2000: unknown host"
                    + " no-such-daemon.invalid", sender.problem());
        }
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
