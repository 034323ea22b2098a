package io.telemetryagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.example.hosts.DemoService;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.Jdk;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC §1: {@code java -jar telemetry-agent.jar attach <pid> [config]} traces a JVM already running. */
@ExtendWith(HostOutputOnFailure.class)
class AttachTest {

    /**
     * On JDK 21 and later, a JVM warns on its stderr when an agent is loaded into it while it
     * runs, unless started with -XX:+EnableDynamicAgentLoading (JEP 451): the host here is.
     */
    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"current", "temurin25"})
    void attachingToARunningJvmTracesItLikeJavaagent(String jdkName) throws Exception {
        Optional<Jdk> jdk = Jdk.named(jdkName);
        assumeTrue(jdk.isPresent(), "no Temurin 25 at " + Jdk.TEMURIN_25_HOME);
        HostJvm.Builder builder = HostJvm.builder(DemoService.class).withoutAgent().jdk(jdk.get());
        if (jdkName.equals("temurin25")) {
            builder.jvmOption("-XX:+EnableDynamicAgentLoading");
        }
        try (XRayReceiver receiver = XRayReceiver.startNew(); HostJvm host = builder.start()) {
            String before = HostJvm.marker("before-attach");
            assertEquals(200, host.get("/hello", Map.of("User-Agent", before)).status());

            Process attach = new ProcessBuilder(
                    jdk.get().java().toString(),
                    "-jar", HostJvm.agentJarUnderTest().toString(),
                    "attach", String.valueOf(host.pid()), Configs.to(receiver).serviceName("attached").json())
                    .redirectErrorStream(true).start();
            String attachOutput = new String(attach.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(attach.waitFor(60, TimeUnit.SECONDS), "attach finished");
            assertEquals(0, attach.exitValue(), attachOutput);
            host.awaitStderr(line -> line.contains("tracing \"attached\""), Duration.ofSeconds(30));

            // The HttpServer's classes were loaded before the agent came: they are retransformed.
            String after = HostJvm.marker("after-attach");
            String downstream = "http://127.0.0.1:" + host.port() + "/hello";
            assertEquals(200, host.get("/chain?to=" + Support.encode(downstream), Map.of("User-Agent", after)).status());
            XRaySpan segment = Support.segmentOf(receiver, after);
            assertEquals("attached", segment.name());
            assertTrue(segment.find("GET /chain").isPresent(), segment.summary());
            assertTrue(segment.find(s -> "remote".equals(s.namespace())).isPresent(), segment.summary());
            Support.assertOnlyAgentLinesOnStderr(host);
        }
    }

    @Test
    void attachWithAWrongPidSaysSoAndFails() throws IOException, InterruptedException {
        Process attach = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", HostJvm.agentJarUnderTest().toString(), "attach", "999999999")
                .redirectErrorStream(true).start();
        String output = new String(attach.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(attach.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, attach.exitValue(), output);
        assertTrue(output.contains("[telemetry-agent] could not attach to JVM 999999999"), output);
    }
}
