package io.telemetryagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.hosts.DemoService;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.XRayReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC §2 bad configuration: the agent prints one line naming the field (never a secret), stays
 * inactive, and the host starts and serves normally. The hosts of all cases run side by side.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(HostOutputOnFailure.class)
class BadConfigTest {

    private static XRayReceiver receiver;
    /** Per case: the host (closed, its output complete) and its answer to GET /hello. */
    private static final Map<String, HostJvm> hosts = new ConcurrentHashMap<>();
    private static final Map<String, HttpResult> hellos = new ConcurrentHashMap<>();

    /** Starts every case's host at once, waits for its one line, asks it for /hello and stops it. */
    @BeforeAll
    static void runEveryCase() throws InterruptedException {
        receiver = XRayReceiver.startNew();
        List<Arguments> cases = badConfigs().toList();
        List<HostJvm.Builder> builders = new ArrayList<>();
        for (Arguments c : cases) {
            builders.add(HostJvm.builder(DemoService.class).config((String) c.get()[1]));
        }
        List<HostJvm> started = HostJvm.startAll(builders);
        List<Thread> runs = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            String what = (String) cases.get(i).get()[0];
            HostJvm host = started.get(i);
            hosts.put(what, host);
            Thread run = new Thread(() -> {
                try {
                    host.awaitStderr(line -> line.startsWith("[telemetry-agent]"), Duration.ofSeconds(30));
                } catch (AssertionError silent) {
                    // the test of this case reports what the host printed
                }
                hellos.put(what, host.get("/hello"));
                host.close();
            });
            run.start();
            runs.add(run);
        }
        for (Thread run : runs) {
            run.join();
        }
    }

    @AfterAll
    static void stop() {
        HostJvm.closeAll(new ArrayList<>(hosts.values()));
        receiver.close();
    }

    /** A config that is wrong in one way, and the words its one line must contain (any case). */
    static Stream<Arguments> badConfigs() {
        return Stream.of(
                bad("sample_rate out of range", configs().sampleRate(150).json(), "sample_rate", "150"),
                bad("sample_rate of the wrong type", configs().set("sample_rate", "often").json(), "sample_rate"),
                bad("reporting_period of the wrong type", configs().set("reporting_period", "soon").json(), "reporting_period"),
                bad("enabled_layers.router of the wrong type", configs().set("enabled_layers.router", "yes").json(), "router"),
                bad("JSON that does not parse", "{\"sample_rate\": 100, \"exporters\": {\"xray\": {\"secret_access_key\": \""
                        + Configs.SECRET_ACCESS_KEY + "\"", "json"),
                bad("region missing", configs().remove("exporters.xray.region").json(), "region"),
                bad("access_key_id missing, secret present", configs().remove("exporters.xray.access_key_id").json(), "access_key_id"),
                bad("unknown field (a typo)", configs().set("sample_rte", 50).json(), "sample_rte"),
                bad("unknown field holding the secret", configs().remove("exporters.xray.secret_access_key")
                        .set("exporters.xray.secret_acess_key", Configs.SECRET_ACCESS_KEY).json(), "secret_acess_key"),
                bad("a file that cannot be read", "/nonexistent/telemetry-agent-tests/telemetry.json", "/nonexistent/telemetry-agent-tests/telemetry.json"));
    }

    private static Configs configs() {
        return Configs.to(receiver).serviceName("bad-config");
    }

    private static Arguments bad(String what, String config, String... words) {
        return Arguments.of(what, config, List.of(words));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void printsOneLineNamingTheFieldAndTheHostRunsNormally(String what, String config, List<String> words) {
        HostJvm host = hosts.get(what);
        HttpResult hello = hellos.get(what);

        assertEquals(200, hello.status(), host.describe());
        assertEquals("hello", hello.body());
        List<String> stderr = host.stderrLines();
        assertEquals(1, stderr.size(), "exactly one line on stderr\n" + host.describe());
        String line = stderr.get(0);
        assertTrue(line.startsWith("[telemetry-agent] "), line);
        for (String word : words) {
            assertTrue(line.toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT)), "'" + word + "' in: " + line);
        }
        assertNoSecretIn(host);
    }

    @Order(2)
    @Test
    void exportsNothingWhileInactive() {
        assertEquals(0, receiver.requestCount(), "calls to X-Ray from hosts with a bad config: " + receiver.describe());
    }

    private static void assertNoSecretIn(HostJvm host) {
        for (String line : Stream.concat(host.stdoutLines().stream(), host.stderrLines().stream()).toList()) {
            assertFalse(line.contains(Configs.SECRET_ACCESS_KEY), "the secret was printed: " + line);
            assertFalse(line.contains(Configs.SECRET_ACCESS_KEY.substring(0, 12)), "part of the secret was printed: " + line);
        }
    }
}
