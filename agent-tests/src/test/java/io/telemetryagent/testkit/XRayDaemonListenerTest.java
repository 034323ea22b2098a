package io.telemetryagent.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The daemon stand-in must catch what a real daemon would refuse, or its tests prove nothing. */
class XRayDaemonListenerTest {

    private static final String SEGMENT = "{\"name\":\"orders\",\"id\":\"70de5b6f19ff9a0a\","
            + "\"trace_id\":\"1-581cf771-a006649127e371903a2de979\",\"start_time\":1478293361.271,\"end_time\":1478293361.449}";

    @Test
    void keepsADocumentAfterTheHeaderLineAndFlagsEverythingElse() throws Exception {
        try (XRayDaemonListener daemon = XRayDaemonListener.start();
             DatagramSocket client = new DatagramSocket()) {
            send(client, daemon, XRayDaemonListener.HEADER + "\n" + SEGMENT);
            send(client, daemon, SEGMENT);
            send(client, daemon, "{\"format\": \"json\", \"version\": 2}\n" + SEGMENT);
            send(client, daemon, XRayDaemonListener.HEADER + "\n{\"name\":\"no id\"}");

            daemon.awaitDocuments(d -> true, 2, Duration.ofSeconds(5));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (daemon.datagramCount() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(4, daemon.datagramCount());
            assertEquals("orders", daemon.segments().get(0).path("name").asText());
            List<String> violations = daemon.violations();
            assertEquals(5, violations.size(), violations.toString());
            assertTrue(violations.get(0).startsWith("no daemon header line: {\"name\":\"orders\""), violations.get(0));
            assertTrue(violations.get(1).startsWith("no daemon header line: {\"format\": \"json\", \"version\": 2}"),
                    violations.get(1));
            assertTrue(violations.subList(2, 5).stream().allMatch(v -> v.startsWith("? \"no id\": $: required property")),
                    violations.toString());
        }
    }

    private static void send(DatagramSocket client, XRayDaemonListener daemon, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        client.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), daemon.port()));
    }
}
