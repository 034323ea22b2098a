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
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource({
            "current,   '&async=false&h2=false',               send (HTTP/1.1)",
            "current,   '&async=true&h2=false',                sendAsync (HTTP/1.1)",
            "current,   '&async=false&h2=true',                send (h2c)",
            "current,   '&async=true&h2=true',                 sendAsync (h2c)",
            "current,   '&async=false&h2=false&executor=true', send from an executor thread",
            "current,   '&async=true&h2=false&executor=true',  sendAsync from an executor thread",
            "temurin25, '&async=false&h2=false',               send (HTTP/1.1)",
            "temurin25, '&async=true&h2=false',                sendAsync (HTTP/1.1)",
            "temurin25, '&async=false&h2=true',                send (h2c)",
            "temurin25, '&async=true&h2=true',                 sendAsync (h2c)",
    })
    void recordsEveryOutcomeAndNamesTheSubsegmentDownstream(String jdkName, String options, String mode) {
        OutboundCalls.checkEveryOutcome(host(jdkName), receiver, downstream, "jdk", options,
                "java.net.http (" + Jdk.named(jdkName).get().name() + ") | " + mode);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"&async=false", "&async=true"})
    void carriesAnUnsampledTraceDownstream(String options) {
        OutboundCalls.checkUnsampledCallCarriesTheDecision(host("current"), downstream, "jdk", options);
    }

    private static HostJvm host(String jdkName) {
        Optional<Jdk> jdk = Jdk.named(jdkName);
        assumeTrue(jdk.isPresent(), "no Temurin 25 at " + Jdk.TEMURIN_25_HOME);
        return HOSTS.computeIfAbsent(jdkName, name -> HostJvm.builder(ClientsService.class).jdk(jdk.get())
                .config(Configs.to(receiver).serviceName("jdk-clients")).start());
    }
}
