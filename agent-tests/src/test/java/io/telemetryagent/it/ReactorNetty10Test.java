package io.telemetryagent.it;

import static io.telemetryagent.it.Support.encode;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.hosts.EchoHeadersServer;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 17 item 5 on Reactor Netty 1.0 (1.0.48, Reactor 3.4), which no Spring Boot 3 runs on: a
 * host on Reactor Netty's own HTTP server and client ({@code src/hosts/reactornetty}). No Spring,
 * so no pipe: the calls are subsegments of the segment itself.
 */
@ExtendWith(HostOutputOnFailure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReactorNetty10Test {

    private static final ContainerRow ROW = ContainerRow.REACTOR_NETTY_1_0;

    private XRayReceiver receiver;
    private EchoHeadersServer echo;
    private HostJvm host;

    @BeforeAll
    void start() {
        receiver = XRayReceiver.startNew();
        echo = EchoHeadersServer.start();
        host = HostJvm.builder(ROW.mainClass)
                .config(Configs.to(receiver).serviceName("rn10"))
                .classpath(HostSources.compile(ROW), ROW.lib().resolve("*"))
                .readyTimeout(Duration.ofSeconds(90))
                .start();
    }

    @AfterAll
    void stop() {
        Support.closeAll(host, echo, receiver);
    }

    private XRayTrace get(String label, String path, int status) {
        String marker = HostJvm.marker(label);
        HttpResult response = host.get(path, Map.of("User-Agent", marker));
        assertEquals(status, response.status(), response.toString());
        XRayTrace trace = Support.traceOf(receiver, marker);
        assertEquals(1, trace.segments().size(), trace.tree());
        return trace;
    }

    @Test
    void aRequestIsOneSegmentWithItsHttpFields() {
        XRaySpan segment = get("item", "/items/5", 200).segments().get(0);
        assertAll(segment.doc().toString(),
                () -> assertEquals("rn10", segment.name()),
                () -> assertEquals("GET", segment.text("/http/request/method")),
                () -> assertEquals("http://127.0.0.1:" + host.port() + "/items/5", segment.url()),
                () -> assertEquals("127.0.0.1", segment.text("/http/request/client_ip")),
                () -> assertEquals(200, segment.status()),
                () -> assertFalse(segment.error() || segment.fault()));
        Support.assertNoSchemaViolations(receiver);
    }

    @Test
    void theTraceFollowsTheRequestAcrossReactorsOperatorsToItsClientCalls() {
        XRayTrace trace = get("chain", "/chain?to=" + encode(echo.url("/rn10-chain")), 200);
        XRaySpan segment = trace.segments().get(0);
        List<XRaySpan> calls = trace.spans().filter(s -> "remote".equals(s.namespace())).collect(Collectors.toList());
        assertEquals(4, calls.size(), "four backend calls:\n" + trace.tree());
        for (String leg : List.of("a", "b", "c", "d")) {
            String path = "/rn10-chain/" + leg;
            XRaySpan call = calls.stream().filter(c -> c.url() != null && c.url().endsWith(path)).findFirst()
                    .orElseThrow(() -> new AssertionError("no call to " + path + ":\n" + trace.tree()));
            Map<String, String> sent = Support.parseTraceHeader(echo.await(path, Support.ARRIVAL).header(Support.TRACE_HEADER));
            assertAll(leg + "\n" + trace.tree(),
                    () -> assertSame(segment, call.parent()),
                    () -> assertEquals(trace.traceId(), sent.get("Root")),
                    () -> assertEquals(call.id(), sent.get("Parent")));
        }
    }

    @Test
    void aFailedHandlerIsA500FaultWithItsCause() {
        XRaySpan segment = get("boom", "/boom", 500).segments().get(0);
        assertAll(segment.doc().toString(),
                () -> assertEquals(500, segment.status()),
                () -> assertTrue(segment.fault()),
                () -> assertEquals("java.lang.IllegalStateException", segment.text("/cause/exceptions/0/type")),
                () -> assertEquals("boom from handler", segment.text("/cause/exceptions/0/message")));
    }

    @Test
    void anInboundHeaderIsJoined() {
        String root = Support.newTraceId();
        String parent = Support.newSegmentId();
        String marker = HostJvm.marker("inbound");
        assertEquals(200, host.get("/items/1", Map.of("User-Agent", marker,
                Support.TRACE_HEADER, "Root=" + root + ";Parent=" + parent + ";Sampled=1")).status());
        XRaySpan segment = Support.segmentOf(receiver, marker);
        assertEquals(root, segment.text("/trace_id"));
        assertEquals(parent, segment.parentId());
    }
}
