package io.telemetryagent.it;

import com.example.hosts.ClientsService;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.XRayReceiver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spring's {@code RestTemplate} (6.1) is traced through the client beneath it, with no duplicate:
 * its default {@code HttpURLConnection}, Apache HttpClient 5 and the JDK's {@code HttpClient}
 * ({@link OutboundCalls}: one backend subsegment per call, each outcome, the header downstream).
 */
@ExtendWith(HostOutputOnFailure.class)
class SpringRestTemplateTest {

    private static XRayReceiver receiver;
    private static Downstream downstream;
    private static HostJvm host;

    @BeforeAll
    static void start() {
        receiver = XRayReceiver.startNew();
        downstream = Downstream.start();
        List<Path> classpath = new ArrayList<>(List.of(OkHttpTest.jars("spring")));
        for (Path jar : OkHttpTest.jars("apache")) {
            // Spring brings its own commons-logging bridge; the Apache 4 client is not used here.
            String name = jar.getFileName().toString();
            if (!name.startsWith("commons-logging") && !name.startsWith("httpclient-4")) {
                classpath.add(jar);
            }
        }
        host = HostJvm.builder(ClientsService.class)
                .config(Configs.to(receiver).serviceName("spring-clients"))
                .classpath(classpath.toArray(Path[]::new))
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

    @ParameterizedTest(name = "over {0}")
    @CsvSource({
            "simple,  RestTemplate over HttpURLConnection",
            "apache5, RestTemplate over httpclient5 5.4.1",
            "jdk,     RestTemplate over java.net.http",
    })
    void tracesTheCallThroughTheClientBeneath(String factory, String mode) {
        OutboundCalls.checkEveryOutcome(host, receiver, downstream, "spring", "&factory=" + factory,
                "spring-web 6.1.14 | " + mode);
    }

    /**
     * Over HttpURLConnection, RestTemplate connects, then reads: an unsampled call's header is set
     * as it connects, and nothing waits for its response.
     */
    @ParameterizedTest(name = "over {0}")
    @CsvSource({"simple", "apache5", "jdk"})
    void carriesAnUnsampledTraceDownstream(String factory) {
        OutboundCalls.checkUnsampledCallCarriesTheDecision(host, downstream, "spring", "&factory=" + factory);
    }
}
