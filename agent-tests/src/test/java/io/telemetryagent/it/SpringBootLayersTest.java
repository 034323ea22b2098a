package io.telemetryagent.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** SPEC §2 layers on a Spring Boot app: with the router off, the controller's pipe is the segment. */
@ExtendWith(HostOutputOnFailure.class)
class SpringBootLayersTest {

    private static XRayReceiver receiver;
    private static HostJvm host;

    @BeforeAll
    static void start() {
        receiver = XRayReceiver.startNew();
        ContainerRow row = ContainerRow.SPRING_BOOT_3;
        host = HostJvm.builder(row.mainClass)
                .config(Configs.to(receiver).serviceName("spring-pipe-only").layers(false, true, true))
                .classpath(HostSources.compile(row), row.lib().resolve("*"))
                .jvmOption("-XX:TieredStopAtLevel=1")
                .readyTimeout(Duration.ofSeconds(90))
                .start();
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
        receiver.close();
    }

    @Test
    void withTheRouterOffThePipeIsTheSegmentNamedAfterTheService() {
        String traceId = Support.newTraceId();
        String parent = Support.newSegmentId();

        assertEquals(200, host.get("/owners/42", Map.of(Support.TRACE_HEADER,
                "Root=" + traceId + ";Parent=" + parent + ";Sampled=1")).status());

        XRayTrace trace = receiver.awaitTrace(t -> t.traceId().equals(traceId), Support.ARRIVAL);
        XRaySpan segment = trace.segments().get(0);
        assertAll(
                () -> assertEquals(1, trace.spanCount(), trace.tree()),
                () -> assertEquals("spring-pipe-only", segment.name(), "a segment keeps the service's name"),
                () -> assertEquals(parent, segment.parentId(), "continues the upstream trace"),
                () -> assertEquals("/owners/{ownerId}", segment.text("/annotations/route")),
                () -> assertNull(segment.text("/http/request/url"), "no router data: " + segment.doc()));
        Support.assertNoSchemaViolations(receiver);
    }
}
