package io.telemetryagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.example.hosts.DemoService;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.Jdk;
import io.telemetryagent.testkit.XRayReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the weaver says at DEBUG: each class it wove with its methods, once; a target that held
 * nothing to weave, once (JDK 25's ForkJoinPool, which has no externalPush); the ready line with
 * what was woven by then. Nothing at all at the default level.
 */
@ExtendWith(HostOutputOnFailure.class)
class WeaverLogTest {

    private static final String NOTHING_MATCHED =
            "[telemetry-agent] target java.util.concurrent.ForkJoinPool matched no hook in this version, left as it was";
    private static final String CHAIN_WOVEN =
            "[telemetry-agent] woven com.sun.net.httpserver.Filter$Chain: doFilter(Lcom/sun/net/httpserver/HttpExchange;)V";

    @Test
    void atDebugListsWhatWasWovenAndTheTargetThatMatchedNothingOnceEach() {
        Optional<Jdk> jdk25 = Jdk.named("temurin25");
        assumeTrue(jdk25.isPresent(), "no Temurin 25 at " + Jdk.TEMURIN_25_HOME);
        try (XRayReceiver receiver = XRayReceiver.startNew();
             HostJvm host = HostJvm.builder(DemoService.class).jdk(jdk25.get())
                     .config(Configs.to(receiver).serviceName("weaver-log"))
                     .systemProperty("telemetry.log.level", "debug").start()) {
            assertEquals(200, host.get("/hello").status());
            assertEquals(200, host.get("/hello").status());
            host.awaitStderr(NOTHING_MATCHED::equals, Duration.ofSeconds(20));
            host.awaitStderr(CHAIN_WOVEN::equals, Duration.ofSeconds(20));

            List<String> lines = host.agentLines();
            assertEquals(1, count(lines, NOTHING_MATCHED), String.join("\n", lines));
            assertEquals(1, count(lines, CHAIN_WOVEN), String.join("\n", lines));
            List<String> ready = lines.stream().filter(l -> l.startsWith("[telemetry-agent] ready: ")).collect(Collectors.toList());
            assertEquals(1, ready.size(), String.join("\n", lines));
            assertTrue(ready.get(0).contains("; woven so far: ") && ready.get(0).contains("java.lang.Thread (run()V"),
                    ready.get(0));
            assertEquals(List.of(), lines.stream().filter(l -> l.contains("could not")).collect(Collectors.toList()));
        }
    }

    @Test
    void atTheDefaultLevelSaysNothingAboutWeaving() {
        try (XRayReceiver receiver = XRayReceiver.startNew();
             HostJvm host = HostJvm.builder(DemoService.class).config(Configs.to(receiver).serviceName("weaver-quiet"))
                     .start()) {
            assertEquals(200, host.get("/hello", Map.of()).status());
            host.awaitStderr(l -> l.contains("tracing \"weaver-quiet\""), Duration.ofSeconds(20));

            assertEquals(List.of(), host.agentLines().stream().filter(l -> l.contains("woven") || l.contains("matched"))
                    .collect(Collectors.toList()));
        }
    }

    private static long count(List<String> lines, String line) {
        return lines.stream().filter(line::equals).count();
    }
}
