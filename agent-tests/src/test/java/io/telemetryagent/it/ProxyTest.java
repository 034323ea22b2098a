package io.telemetryagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.hosts.DemoService;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.RecordingProxy;
import io.telemetryagent.testkit.XRayReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15 item 6: the exporter goes through a proxy as the AWS SDK's HTTP client is told to
 * ({@code HTTPS_PROXY} / {@code https_proxy} or {@code -Dhttps.proxyHost}/{@code Port} for the
 * region's {@code https://} endpoint; {@code HTTP_PROXY} for an {@code http://} one; {@code NO_PROXY}
 * to go around it), the region's endpoint comes from the SDK in every partition, and
 * {@code exporters.xray.endpoint} overrides it, proxy or not.
 *
 * <p>Nothing leaves this machine: for an {@code https://} endpoint the proxy ({@link RecordingProxy})
 * records the tunnel the agent asks for ({@code CONNECT xray.cn-north-1.amazonaws.com.cn:443}, the
 * SDK's own host name for the region) and refuses to open it, so each export fails: the agent must
 * count every segment and say so in its lines, with neither the secret key nor the proxy's
 * password in them. For an {@code http://} endpoint on this machine the proxy carries the call, and
 * the receiver sees it signed.
 */
@ExtendWith(HostOutputOnFailure.class)
@Execution(ExecutionMode.CONCURRENT)
class ProxyTest {

    private static final String PROXY_PASSWORD = "proxy-pass-doNotPrint";
    private static final Pattern EXIT = Pattern.compile("exporter stopped: (\\d+) segments? sent, (?:none lost|(\\d+) lost \\((.*)\\))");

    /** How a host is told about the proxy. */
    enum ProxySetting { HTTPS_PROXY, LOWER_CASE_WITH_PASSWORD, SYSTEM_PROPERTIES }

    static Stream<Arguments> tunnels() {
        return Stream.of(
                Arguments.of("China", "cn-north-1", null, ProxySetting.HTTPS_PROXY,
                        "xray.cn-north-1.amazonaws.com.cn:443"),
                Arguments.of("GovCloud", "us-gov-west-1", null, ProxySetting.SYSTEM_PROPERTIES,
                        "xray.us-gov-west-1.amazonaws.com:443"),
                Arguments.of("commercial", "eu-west-1", null, ProxySetting.LOWER_CASE_WITH_PASSWORD,
                        "xray.eu-west-1.amazonaws.com:443"),
                Arguments.of("VPC endpoint", "eu-west-1",
                        "https://vpce-0123456789abcdef0-abcdefgh.xray.eu-west-1.vpce.amazonaws.com",
                        ProxySetting.HTTPS_PROXY, "vpce-0123456789abcdef0-abcdefgh.xray.eu-west-1.vpce.amazonaws.com:443"));
    }

    @ParameterizedTest(name = "{0} ({1}, {3})")
    @MethodSource("tunnels")
    void theAgentAsksTheProxyForTheSdksEndpointAndCountsWhatItCannotSend(String label, String region, String endpoint,
                                                                         ProxySetting setting, String expectedTunnel) {
        try (RecordingProxy proxy = RecordingProxy.start()) {
            HostJvm.Builder builder = HostJvm.builder(DemoService.class)
                    .config(Configs.toEndpoint(endpoint).region(region).serviceName("proxied-" + region))
                    .env("AWS_EC2_METADATA_DISABLED", "true");
            switch (setting) {
                case HTTPS_PROXY -> builder.env("HTTPS_PROXY", proxy.url());
                case LOWER_CASE_WITH_PASSWORD ->
                        builder.env("https_proxy", "http://agent:" + PROXY_PASSWORD + "@127.0.0.1:" + proxy.port());
                case SYSTEM_PROPERTIES -> builder.systemProperty("https.proxyHost", "127.0.0.1")
                        .systemProperty("https.proxyPort", Integer.toString(proxy.port()));
            }
            HostJvm host = builder.start();
            try {
                int made = 3;
                for (int i = 0; i < made; i++) {
                    assertEquals(200, host.get("/hello").status(), "the host is never hurt");
                }

                RecordingProxy.Request tunnel = proxy.awaitRequest(r -> r.method().equals("CONNECT"), Duration.ofSeconds(60));
                // One line at most every 10 s: the last batch's loss may come in the next one.
                String losing = host.awaitStderr(l -> l.contains("since the last report")
                        && l.endsWith(made + " lost and 0 sent in total"), Duration.ofSeconds(60));
                host.close();

                assertEquals(List.of("CONNECT " + expectedTunnel), proxy.requests().stream().map(RecordingProxy.Request::line)
                        .distinct().toList(), "every call asks for the SDK's endpoint of " + region + " through the proxy");
                assertTrue(losing.contains("retries exhausted"), losing);
                String exit = host.agentLines().stream().filter(l -> l.contains("exporter stopped:")).findFirst()
                        .orElseThrow(() -> new AssertionError("no exit line\n" + host.describe()));
                Matcher counts = EXIT.matcher(exit);
                assertTrue(counts.find(), exit);
                assertEquals("0", counts.group(1), "nothing sent: " + exit);
                assertEquals(Integer.toString(made), counts.group(2), "every segment counted: " + exit);
                assertTrue(counts.group(3).startsWith("retries exhausted " + made), exit);
                for (String line : host.stderrLines()) {
                    assertFalse(line.contains(Configs.SECRET_ACCESS_KEY) || line.contains(PROXY_PASSWORD), line);
                }
                Support.assertOnlyAgentLinesOnStderr(host);
                System.out.println(label + ": the proxy got " + tunnel.line() + (tunnel.header("Proxy-Authorization") == null
                        ? " without" : " with") + " Proxy-Authorization\n  " + losing + "\n  " + exit);
            } finally {
                host.close();
            }
        }
    }

    /** An {@code http://} endpoint goes through {@code HTTP_PROXY}: the proxy carries the signed call to it. */
    @Test
    void anHttpEndpointGoesThroughHttpProxyAndArrivesSigned() {
        try (XRayReceiver receiver = XRayReceiver.startNew(); RecordingProxy proxy = RecordingProxy.start()) {
            HostJvm host = HostJvm.builder(DemoService.class).config(Configs.to(receiver).serviceName("via-http-proxy"))
                    .env("HTTP_PROXY", proxy.url()).env("AWS_EC2_METADATA_DISABLED", "true").start();
            try {
                String userAgent = HostJvm.marker("via-proxy");
                assertEquals(200, host.get("/hello", Map.of("User-Agent", userAgent)).status());

                Support.segmentOf(receiver, userAgent);
                RecordingProxy.Request carried = proxy.awaitRequest(r -> r.method().equals("POST"), Support.ARRIVAL);
                assertEquals(receiver.endpoint() + "/TraceSegments", carried.target(), "the endpoint, in absolute form");
                assertTrue(String.valueOf(carried.header("Authorization")).contains("Credential=" + Configs.ACCESS_KEY_ID + "/"),
                        "signed before the proxy: " + carried.headers());
                assertEquals(List.of(), receiver.authFailures());
                assertEquals(receiver.requestCount(), proxy.requests().size(), "every call went through the proxy");
            } finally {
                host.close();
            }
        }
    }

    /** {@code NO_PROXY} names the endpoint's host: the calls go to it directly, the proxy sees none. */
    @Test
    void noProxyNamesTheEndpointsHostAndTheCallsGoAroundTheProxy() {
        try (XRayReceiver receiver = XRayReceiver.startNew(); RecordingProxy proxy = RecordingProxy.start()) {
            HostJvm host = HostJvm.builder(DemoService.class).config(Configs.to(receiver).serviceName("no-proxy"))
                    .env("HTTP_PROXY", proxy.url()).env("NO_PROXY", "localhost,127.0.0.1")
                    .env("AWS_EC2_METADATA_DISABLED", "true").start();
            try {
                String userAgent = HostJvm.marker("no-proxy");
                assertEquals(200, host.get("/hello", Map.of("User-Agent", userAgent)).status());

                Support.segmentOf(receiver, userAgent);
                assertEquals(List.of(), proxy.requests(), "nothing through the proxy");
                assertEquals(List.of(), receiver.authFailures());
            } finally {
                host.close();
            }
        }
    }
}
