package io.telemetryagent.it;

import static io.telemetryagent.it.Support.TRACE_HEADER;
import static io.telemetryagent.it.Support.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.example.hosts.DemoService;
import com.example.hosts.EchoHeadersServer;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.Jdk;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC §1 attaching and §2 where the configuration comes from: one start-up line with the
 * effective settings, nothing else on the host's console, and the ways to give the config.
 * The tests run side by side, each with its own host.
 */
@ExtendWith(HostOutputOnFailure.class)
@Execution(ExecutionMode.CONCURRENT)
class StartupTest {

    private static XRayReceiver receiver;
    private static EchoHeadersServer echo;

    @BeforeAll
    static void start() {
        receiver = XRayReceiver.startNew();
        echo = EchoHeadersServer.start();
    }

    @AfterAll
    static void stop() {
        echo.close();
        receiver.close();
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"current", "temurin25"})
    void printsOneStartUpLineAndNothingButItsOwnLines(String jdkName) {
        Optional<Jdk> jdk = Jdk.named(jdkName);
        assumeTrue(jdk.isPresent(), "no Temurin 25 at " + Jdk.TEMURIN_25_HOME);
        String service = "console-" + jdkName;
        HostJvm host = HostJvm.builder(DemoService.class).jdk(jdk.get()).jvmDefaults()
                .config(Configs.to(receiver).serviceName(service).sampleRate(100)).start();
        try {
            // Exercise every part that could print: instrumentation, the SDK's first call, export.
            String userAgent = HostJvm.marker("console");
            host.get("/chain?to=" + encode(echo.url("/console")), Map.of("User-Agent", userAgent));
            Support.traceOf(receiver, userAgent);
            host.get("/status?code=500");
        } finally {
            host.close();
        }

        Support.assertOnlyAgentLinesOnStderr(host);
        List<String> startUp = host.stderrLines().stream().filter(l -> l.contains("\"" + service + "\"") || l.contains(service + " ")).toList();
        assertEquals(1, startUp.size(), "one start-up line naming the service\n" + host.describe());
        String line = startUp.get(0);
        assertTrue(line.contains("100%"), "sample rate in: " + line);
        for (String layer : List.of("router", "pipe", "backend")) {
            assertTrue(line.contains(layer), layer + " in: " + line);
        }
        assertTrue(line.contains(receiver.endpoint()) || line.contains("127.0.0.1:" + receiver.port()) || line.contains(Configs.REGION),
                "endpoint or region in: " + line);
        assertTrue(Pattern.compile("\\b1 ?s\\b").matcher(line).find(), "the period (1 s) in: " + line);
        assertFalse(host.stderrLines().stream().anyMatch(l -> l.contains(Configs.SECRET_ACCESS_KEY)), "the secret was printed");
        assertFalse(host.stderrLines().stream().anyMatch(l -> l.contains("SLF4J")), "SLF4J spoke on the host's stderr");
        assertEquals(List.of("READY " + host.port()), host.stdoutLines(), "the agent prints nothing on stdout");
    }

    @Test
    void saysSoAtStartUpWhenTheSampleRateDefaultsToZero() {
        HostJvm host = HostJvm.builder(DemoService.class)
                .config(Configs.to(receiver).serviceName("default-rate").remove("sample_rate")).start();
        try {
            host.awaitStderr(l -> l.contains("default-rate"), Duration.ofSeconds(15));
            assertEquals(200, host.get("/hello").status());
        } finally {
            host.close();
        }
        String line = host.stderrLines().stream().filter(l -> l.contains("default-rate")).findFirst().orElseThrow();
        assertTrue(line.contains(" 0%"), "sample rate 0% in: " + line);
        Support.assertOnlyAgentLinesOnStderr(host);
    }

    @Test
    void readsTheConfigFromAFilePath(@TempDir Path dir) {
        Path file = Configs.to(receiver).serviceName("from-file").writeTo(dir.resolve("telemetry.json"));

        assertTraced(HostJvm.builder(DemoService.class).config(file.toString()), "from-file");
    }

    @Test
    void readsTheConfigFromTheEnvironmentWhenThePropertyIsAbsent() {
        assertTraced(HostJvm.builder(DemoService.class)
                .env("TELEMETRY_CONFIG", Configs.to(receiver).serviceName("from-env").json()), "from-env");
    }

    @Test
    void readsTheBlockFromAWholeKrakendConfiguration(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("krakend.json");
        Files.writeString(file, Configs.to(receiver).serviceName("from-krakend").asKrakendConfig().json());

        assertTraced(HostJvm.builder(DemoService.class).config(file.toString()), "from-krakend");
    }

    @Test
    void namesTheSegmentFromAwsXrayTracingNameWithoutServiceName() {
        assertTraced(HostJvm.builder(DemoService.class).env("AWS_XRAY_TRACING_NAME", "from-tracing-name")
                .config(Configs.to(receiver).json()), "from-tracing-name");
    }

    @Test
    void namesTheSegmentAfterTheMainClassWithoutAnyName() {
        HostJvm host = HostJvm.builder(DemoService.class).config(Configs.to(receiver)).start();
        try {
            String userAgent = HostJvm.marker("main-class");
            host.get("/hello", Map.of("User-Agent", userAgent));
            XRaySpan segment = Support.segmentOf(receiver, userAgent);
            assertTrue(segment.name().contains("DemoService"), segment.name());
        } finally {
            host.close();
        }
    }

    @Test
    void turnsOffWithTelemetryEnabledFalse() {
        XRayReceiver receiver = XRayReceiver.startNew();
        HostJvm host = HostJvm.builder(DemoService.class).systemProperty("telemetry.enabled", "false")
                .config(Configs.to(receiver).serviceName("disabled")).start();
        HttpResult response;
        try {
            response = host.get("/hello", Map.of(TRACE_HEADER, "Root=" + Support.newTraceId() + ";Sampled=?"));
            assertEquals(200, host.get("/hello").status());
            sleep(Duration.ofMillis(2500));
        } finally {
            host.close();
            receiver.close();
        }
        assertEquals(200, response.status());
        assertNull(response.header(TRACE_HEADER), "no agent, no answered trace header");
        assertEquals(0, receiver.requestCount(), "calls to X-Ray with the agent off");
        Support.assertOnlyAgentLinesOnStderr(host);
    }

    private static void assertTraced(HostJvm.Builder builder, String service) {
        HostJvm host = builder.start();
        try {
            String userAgent = HostJvm.marker(service);
            assertEquals(200, host.get("/hello", Map.of("User-Agent", userAgent)).status());
            assertEquals(service, Support.segmentOf(receiver, userAgent).name());
        } finally {
            host.close();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
