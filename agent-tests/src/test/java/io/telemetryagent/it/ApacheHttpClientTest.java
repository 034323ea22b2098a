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
 * Apache HttpClient as a backend (SPEC §3–4): 4.5 classic, 5.x classic and 5.x async, in one host
 * (their packages differ), each outcome mapped and the header downstream naming the subsegment
 * ({@link OutboundCalls}).
 */
@ExtendWith(HostOutputOnFailure.class)
class ApacheHttpClientTest {

    private static XRayReceiver receiver;
    private static Downstream downstream;
    private static HostJvm host;

    @BeforeAll
    static void start() {
        receiver = XRayReceiver.startNew();
        downstream = Downstream.start();
        host = HostJvm.builder(ClientsService.class)
                .config(Configs.to(receiver).serviceName("apache-clients"))
                .classpath(OkHttpTest.jars("apache"))
                .start();
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
        downstream.close();
        receiver.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "httpclient 4.5.14, classic execute,                     apache4, ''",
            "httpclient 4.5.14, classic execute from an executor thread, apache4, '&executor=true'",
            "httpclient5 5.4.1, classic execute,                     apache5, ''",
            "httpclient5 5.4.1, async execute,                       apache5, '&async=true'",
            "httpclient5 5.4.1, 'async execute, HTTP/2-only client (h2c)', apache5, '&async=true&h2=true'",
            "httpclient5 5.4.1, async execute from an executor thread, apache5, '&async=true&executor=true'",
    })
    void recordsEveryOutcomeAndNamesTheSubsegmentDownstream(String library, String mode, String client, String options) {
        OutboundCalls.checkEveryOutcome(host, receiver, downstream, client, options, library + " | " + mode);
    }

    @ParameterizedTest(name = "{0}{1}")
    @CsvSource({"apache4, ''", "apache5, ''", "apache5, '&async=true'"})
    void carriesAnUnsampledTraceDownstream(String client, String options) {
        OutboundCalls.checkUnsampledCallCarriesTheDecision(host, downstream, client, options);
    }
}
