package io.telemetryagent.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.example.hosts.ClientsService;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.Jdk;
import io.telemetryagent.testkit.XRayReceiver;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code java.net.http.HttpClient} as a backend (SPEC §3–4): {@code send} and {@code sendAsync},
 * over HTTP/1.1 and over HTTP/2 in cleartext (h2c, by upgrade), on the JDK running the tests and on
 * Temurin 25 (the client's internals changed in between), each outcome mapped and the header
 * downstream naming the subsegment ({@link OutboundCalls}).
 */
@ExtendWith(HostOutputOnFailure.class)
class JdkHttpClientTest {

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

    @ParameterizedTest(name = "{0}: {3}")
    @CsvSource({
            "current,   false, false, send (HTTP/1.1)",
            "current,   true,  false, sendAsync (HTTP/1.1)",
            "current,   false, true,  send (h2c)",
            "current,   true,  true,  sendAsync (h2c)",
            "temurin25, false, false, send (HTTP/1.1)",
            "temurin25, true,  false, sendAsync (HTTP/1.1)",
            "temurin25, false, true,  send (h2c)",
            "temurin25, true,  true,  sendAsync (h2c)",
    })
    void recordsEveryOutcomeAndNamesTheSubsegmentDownstream(String jdkName, boolean async, boolean h2, String mode) {
        Optional<Jdk> jdk = Jdk.named(jdkName);
        assumeTrue(jdk.isPresent(), "no Temurin 25 at " + Jdk.TEMURIN_25_HOME);
        HostJvm host = HOSTS.computeIfAbsent(jdkName, name -> HostJvm.builder(ClientsService.class).jdk(jdk.get())
                .config(Configs.to(receiver).serviceName("jdk-clients")).start());
        OutboundCalls.checkEveryOutcome(host, receiver, downstream, "jdk", "&async=" + async + "&h2=" + h2,
                "java.net.http (" + jdk.get().name() + ") | " + mode);
    }
}
