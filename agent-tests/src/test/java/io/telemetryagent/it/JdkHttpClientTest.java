package io.telemetryagent.it;

import com.example.hosts.ClientsService;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.XRayReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code java.net.http.HttpClient} as a backend (SPEC §3–4): {@code send} and {@code sendAsync},
 * over HTTP/1.1 and over HTTP/2 in cleartext (h2c, by upgrade), each outcome mapped and the
 * header downstream naming the subsegment ({@link OutboundCalls}).
 */
@ExtendWith(HostOutputOnFailure.class)
class JdkHttpClientTest {

    private static XRayReceiver receiver;
    private static Downstream downstream;
    private static HostJvm host;

    @BeforeAll
    static void start() {
        receiver = XRayReceiver.startNew();
        downstream = Downstream.start();
        host = HostJvm.builder(ClientsService.class).config(Configs.to(receiver).serviceName("jdk-clients")).start();
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
        downstream.close();
        receiver.close();
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource({
            "false, false, send (HTTP/1.1)",
            "true,  false, sendAsync (HTTP/1.1)",
            "false, true,  send (h2c)",
            "true,  true,  sendAsync (h2c)",
    })
    void recordsEveryOutcomeAndNamesTheSubsegmentDownstream(boolean async, boolean h2, String mode) {
        OutboundCalls.checkEveryOutcome(host, receiver, downstream, "jdk", "&async=" + async + "&h2=" + h2,
                "java.net.http " + Runtime.version().feature() + " | " + mode);
    }
}
