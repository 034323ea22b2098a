package io.telemetryagent.it;

import com.example.hosts.ClientsService;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.XRayReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OkHttp as a backend (SPEC §3–4), in the versions whose internals differ: 4.12 (Kotlin,
 * {@code okhttp3.internal.connection.RealCall}), 3.14 ({@code okhttp3.RealCall}, exchange codecs)
 * and 3.12 (the older codecs); {@code execute} and {@code enqueue}, over HTTP/1.1 and h2c with
 * prior knowledge ({@link OutboundCalls}).
 */
@ExtendWith(HostOutputOnFailure.class)
class OkHttpTest {

    private static XRayReceiver receiver;
    private static Downstream downstream;
    private static final Map<String, HostJvm> HOSTS = new HashMap<>();

    @BeforeAll
    static void start() {
        receiver = XRayReceiver.startNew();
        downstream = Downstream.start();
    }

    @AfterAll
    static void stop() {
        HOSTS.values().forEach(HostJvm::close);
        downstream.close();
        receiver.close();
    }

    /** One host per OkHttp version, its jars from {@code target/host-libs-clients/<dir>}. */
    static HostJvm host(String libs) {
        return HOSTS.computeIfAbsent(libs, dir -> HostJvm.builder(ClientsService.class)
                .config(Configs.to(receiver).serviceName("okhttp-clients"))
                .classpath(jars(dir))
                .start());
    }

    static Path[] jars(String dir) {
        try (Stream<Path> files = Files.list(Path.of("target", "host-libs-clients", dir))) {
            return files.filter(f -> f.toString().endsWith(".jar")).map(Path::toAbsolutePath).toArray(Path[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException("the client libraries are copied by the pom (process-test-resources)", e);
        }
    }

    @ParameterizedTest(name = "{0} {3}")
    @CsvSource({
            "4.12.0,  okhttp4,   false, false, execute (HTTP/1.1)",
            "4.12.0,  okhttp4,   true,  false, enqueue (HTTP/1.1)",
            "4.12.0,  okhttp4,   false, true,  execute (h2c)",
            "4.12.0,  okhttp4,   true,  true,  enqueue (h2c)",
            "4.12.0,  okhttp4,   false, false, execute from an executor thread",
            "3.14.9,  okhttp3,   false, false, execute (HTTP/1.1)",
            "3.14.9,  okhttp3,   true,  false, enqueue (HTTP/1.1)",
            "3.14.9,  okhttp3,   false, true,  execute (h2c)",
            "3.14.9,  okhttp3,   true,  true,  enqueue (h2c)",
            "3.12.13, okhttp312, false, false, execute (HTTP/1.1)",
            "3.12.13, okhttp312, true,  false, enqueue (HTTP/1.1)",
            "3.12.13, okhttp312, false, true,  execute (h2c)",
            "3.12.13, okhttp312, true,  true,  enqueue (h2c)",
    })
    void recordsEveryOutcomeAndNamesTheSubsegmentDownstream(String version, String libs, boolean async, boolean h2,
                                                             String mode) {
        String executor = mode.contains("executor") ? "&executor=true" : "";
        OutboundCalls.checkEveryOutcome(host(libs), receiver, downstream, "okhttp",
                "&async=" + async + "&h2=" + h2 + executor, "okhttp " + version + " | " + mode);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"&async=false", "&async=true"})
    void carriesAnUnsampledTraceDownstream(String options) {
        OutboundCalls.checkUnsampledCallCarriesTheDecision(host("okhttp4"), downstream, "okhttp", options);
    }
}
