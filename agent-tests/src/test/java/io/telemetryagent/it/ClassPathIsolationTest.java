package io.telemetryagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.hosts.IsolatedHost;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.XRayReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DESIGN rule "the agent's dependencies are invisible to the host": a host with its own, older
 * Jackson 2, a newer Jackson 3, Byte Buddy, AWS SDK and SLF4J (copied to target/host-libs by the pom) gets exactly
 * its own versions, sees none of the agent's classes, and is still traced.
 */
@ExtendWith(HostOutputOnFailure.class)
class ClassPathIsolationTest {

    private static XRayReceiver receiver;
    private static HostJvm host;

    @BeforeAll
    static void start() throws IOException {
        receiver = XRayReceiver.startNew();
        Path libs = Path.of(System.getProperty("host.libs", "target/host-libs"));
        List<Path> jars;
        try (Stream<Path> files = Files.list(libs)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        }
        host = HostJvm.builder(IsolatedHost.class).classpathFirst(jars)
                .config(Configs.to(receiver).serviceName("isolated")).start();
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
        receiver.close();
    }

    @Test
    void hostGetsItsOwnVersionsOfTheAgentsLibraries() {
        Map<String, String> libs = host.stdoutLines().stream().filter(l -> l.startsWith("LIB "))
                .map(l -> l.split(" ")).collect(Collectors.toMap(p -> p[1], p -> p[2] + " " + p[3]));
        String jackson = System.getProperty("host.jackson.version", "2.13.5");
        String byteBuddy = System.getProperty("host.bytebuddy.version", "1.14.12");
        String awsSdk = System.getProperty("host.awssdk.version", "2.21.0");
        String slf4j = System.getProperty("host.slf4j.version", "1.7.36");
        assertEquals(jackson + " jackson-databind-" + jackson + ".jar", libs.get("jackson-databind"), host.describe());
        assertEquals(jackson + " jackson-core-" + jackson + ".jar", libs.get("jackson-core"));
        String jackson3 = System.getProperty("host.jackson3.version", "3.3.0");
        assertEquals(jackson3 + " jackson-databind-" + jackson3 + ".jar", libs.get("jackson3-databind"));
        assertEquals(byteBuddy + " byte-buddy-" + byteBuddy + ".jar", libs.get("byte-buddy"));
        assertEquals(awsSdk + " sdk-core-" + awsSdk + ".jar", libs.get("aws-sdk-core"));
        assertEquals("- utils-" + awsSdk + ".jar", libs.get("aws-sdk-utils"));
        assertEquals(slf4j + " slf4j-api-" + slf4j + ".jar", libs.get("slf4j-api"));
    }

    @Test
    void hostSeesNoneOfTheAgentsClasses() {
        List<String> visible = host.stdoutLines().stream().filter(l -> l.startsWith("ABSENT ") && l.endsWith(" false")).toList();
        assertEquals(List.of(), visible, "classes of the agent visible to the host");
        assertTrue(host.stdoutLines().stream().filter(l -> l.startsWith("ABSENT ")).count() >= 5, host.describe());
    }

    @Test
    void hostRunsWithItsOwnJacksonAndIsStillTraced() {
        String userAgent = HostJvm.marker("isolated");

        assertEquals("{\"host\":\"isolated\"}", host.get("/json", Map.of("User-Agent", userAgent)).body());
        String json3 = host.get("/json3").body();
        assertTrue(json3.contains("\"jackson\":3") && json3.contains("\"host\":\"isolated\""), json3);

        assertEquals("isolated", Support.segmentOf(receiver, userAgent).name());
        Support.assertNoSchemaViolations(receiver);
        // The export has run: had the agent's SDK logged through the host's SLF4J 1.7 (which has no
        // binding), SLF4J would have complained on stderr by now.
        Support.assertOnlyAgentLinesOnStderr(host);
        assertFalse(host.stderrLines().stream().anyMatch(l -> l.contains("SLF4J")));
    }
}
