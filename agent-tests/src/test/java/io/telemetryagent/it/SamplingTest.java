package io.telemetryagent.it;

import static io.telemetryagent.it.Support.TRACE_HEADER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.hosts.DemoService;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** SPEC §2 {@code sample_rate}: the percentage of new traces recorded. */
@ExtendWith(HostOutputOnFailure.class)
@Execution(ExecutionMode.CONCURRENT)
class SamplingTest {

    private static XRayReceiver receiver;

    @BeforeAll
    static void start() {
        receiver = XRayReceiver.startNew();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void recordsNothingAtSampleRateZero() {
        try (HostJvm host = HostJvm.builder(DemoService.class).config(Configs.to(receiver).serviceName("rate-0").sampleRate(0)).start()) {
            Set<String> sent = send(host, 30);

            // An upstream-sampled request is recorded whatever the rate; once it has arrived, so has
            // anything queued before it.
            Support.sendControlAndAwait(host, receiver, Map.of(TRACE_HEADER, "Root=" + Support.newTraceId() + ";Sampled=1"));
            assertEquals(0, recorded(sent), receiver.describe());
        }
    }

    @Test
    void recordsEveryRequestAtSampleRate100() {
        try (HostJvm host = HostJvm.builder(DemoService.class).config(Configs.to(receiver).serviceName("rate-100").sampleRate(100)).start()) {
            Set<String> sent = send(host, 30);

            receiver.awaitDocuments(d -> sent.contains(d.at("/http/request/user_agent").asText()), sent.size(), Support.ARRIVAL);
            assertEquals(30, recorded(sent));
        }
    }

    /**
     * 200 independent decisions at p = 0.5: the count is Binomial(200, 0.5), mean 100, standard
     * deviation 7.07. Accepting 70..130 (more than 4.2 sigma either side) fails a correct sampler
     * about 2 times in 100,000 runs, and catches one that records all, none, or a fixed other share.
     */
    @Test
    void recordsAboutHalfOfTheRequestsAtSampleRate50() {
        try (HostJvm host = HostJvm.builder(DemoService.class).config(Configs.to(receiver).serviceName("rate-50").sampleRate(50)).start()) {
            Set<String> sent = send(host, 200);

            Support.sendControlAndAwait(host, receiver, Map.of(TRACE_HEADER, "Root=" + Support.newTraceId() + ";Sampled=1"));
            int recorded = recorded(sent);
            assertTrue(recorded >= 70 && recorded <= 130, recorded + " of 200 recorded at sample_rate 50");
        }
    }

    /** Sends {@code n} requests, each with its own User-Agent; returns those markers. */
    private static Set<String> send(HostJvm host, int n) {
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String userAgent = HostJvm.marker("sample");
            assertEquals(200, host.get("/hello", Map.of("User-Agent", userAgent)).status());
            sent.add(userAgent);
        }
        return sent;
    }

    private static int recorded(Set<String> userAgents) {
        return (int) receiver.traces().stream().flatMap(t -> t.segments().stream())
                .map(XRaySpan::userAgent).filter(userAgents::contains).count();
    }
}
