package io.telemetryagent.it;

import static io.telemetryagent.it.Support.encode;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15 item 1, "the SDK lives in the agent's own class loader, invisible to the host": a host
 * with the AWS SDK for Java v2 at 2.36 (its X-Ray client among it: the very classes the agent
 * exports with, at another version) and v1 at 1.12 on its class path ({@code src/hosts/awsisolation}).
 * The host sees exactly one copy of each SDK class, its own, and none of the agent's; both its SDKs
 * work, each calling an X-Ray endpoint of its own with its own keys, and those calls are traced as
 * AWS subsegments; meanwhile the agent exports through its SDK 2.59.1, and its own calls are never
 * traced.
 */
@ExtendWith(HostOutputOnFailure.class)
class AwsSdkIsolationTest {

    private static final String AGENT_SDK = "2.59.1";
    private static final String HOST_SDK_V2 = "2.36.2";
    private static final String HOST_SDK_V1 = "1.12.791";

    private static XRayReceiver receiver;
    /** The host's own X-Ray, which its own SDKs call with the host's keys. */
    private static XRayReceiver hostsOwnXRay;
    private static HostJvm host;

    @BeforeAll
    static void start() {
        receiver = XRayReceiver.startNew();
        hostsOwnXRay = XRayReceiver.builder().accessKeyId("AKIDHOSTOWNSDK").secretAccessKey("host-own-secret-doNotPrint")
                .region("us-west-2").start();
        Path awsLibs = Path.of(System.getProperty("user.dir"), "target", "host-libs-aws");
        List<Path> jars = new ArrayList<>(HostSources.jarsIn(awsLibs.resolve("isolation-v2")));
        jars.addAll(HostSources.jarsIn(awsLibs.resolve("isolation-v1")));
        jars.addAll(HostSources.jarsIn(awsLibs.resolve("v1")));
        Path classes = HostSources.compile("the mixed-SDK host", "awsisolation", jars, awsLibs);
        host = HostJvm.builder("com.example.mixedsdk.MixedSdkHost").classpathFirst(List.of(classes))
                .classpath(jars.toArray(Path[]::new)).env("AWS_EC2_METADATA_DISABLED", "true")
                // v1's banner on stderr would hide a line from the agent's SDK there.
                .systemProperty("aws.java.v1.disableDeprecationAnnouncement", "true")
                .config(Configs.to(receiver).serviceName("mixed-sdk")).start();
    }

    @AfterAll
    static void stop() {
        Support.closeAll(host, hostsOwnXRay, receiver);
    }

    @Test
    void theHostSeesItsOwnSdksOnlyAndNoneOfTheAgentsClasses() {
        Map<String, String> copies = host.stdoutLines().stream().filter(l -> l.startsWith("COPIES "))
                .map(l -> l.split(" ", 3)).collect(Collectors.toMap(p -> p[1], p -> p.length > 2 ? p[2] : ""));
        String v2 = line("SDK v2 ");
        String v1 = line("SDK v1 ");
        assertAll(host.describe(),
                () -> assertTrue(v2.startsWith(HOST_SDK_V2 + " xray-" + HOST_SDK_V2 + ".jar aws-sdk-java/" + HOST_SDK_V2 + " "), v2),
                () -> assertTrue(v1.startsWith(HOST_SDK_V1 + " aws-java-sdk-xray-" + HOST_SDK_V1 + ".jar"), v1),
                () -> assertEquals("xray-" + HOST_SDK_V2 + ".jar", copies.get("software/amazon/awssdk/services/xray/XRayClient.class")),
                () -> assertEquals("sdk-core-" + HOST_SDK_V2 + ".jar", copies.get("software/amazon/awssdk/core/util/VersionInfo.class")),
                () -> assertEquals("url-connection-client-" + HOST_SDK_V2 + ".jar",
                        copies.get("software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class")),
                () -> assertEquals("auth-" + HOST_SDK_V2 + ".jar",
                        copies.get("software/amazon/awssdk/auth/credentials/DefaultCredentialsProvider.class")),
                () -> assertEquals("aws-java-sdk-xray-" + HOST_SDK_V1 + ".jar", copies.get("com/amazonaws/services/xray/AWSXRayClient.class")),
                () -> assertEquals(5, host.stdoutLines().stream().filter(l -> l.startsWith("ABSENT ")).count()),
                () -> assertEquals(List.of(), host.stdoutLines().stream()
                        .filter(l -> l.startsWith("ABSENT ") && !l.endsWith(" true")).toList(), "agent classes the host can load"));
    }

    @Test
    void bothOfTheHostsSdksWorkAndAreTracedWhileTheAgentExportsThroughItsOwn() {
        String v2Id = Support.newSegmentId();
        String v1Id = Support.newSegmentId();
        String v2Marker = HostJvm.marker("own-v2");
        String v1Marker = HostJvm.marker("own-v1");

        HttpResult v2 = host.get("/v2/xray?id=" + v2Id + "&endpoint=" + encode(hostsOwnXRay.endpoint()), Map.of("User-Agent", v2Marker));
        HttpResult v1 = host.get("/v1/xray?id=" + v1Id + "&endpoint=" + encode(hostsOwnXRay.endpoint()), Map.of("User-Agent", v1Marker));

        assertEquals("ok unprocessed=0", v2.body());
        assertEquals("ok unprocessed=0", v1.body());
        // The host's own segments reached its own X-Ray, signed with its own keys by its own SDKs.
        hostsOwnXRay.awaitDocuments(d -> v2Id.equals(d.path("id").asText()) || v1Id.equals(d.path("id").asText()), 2,
                Support.ARRIVAL);
        assertEquals(List.of(), hostsOwnXRay.authFailures());
        List<String> hostAgents = hostsOwnXRay.requests().stream().map(r -> r.header("User-Agent")).toList();
        assertTrue(hostAgents.stream().anyMatch(a -> a.startsWith("aws-sdk-java/" + HOST_SDK_V2 + " ")), hostAgents.toString());
        assertTrue(hostAgents.stream().anyMatch(a -> a.startsWith("aws-sdk-java/" + HOST_SDK_V1 + " ")), hostAgents.toString());

        // Each of the host's calls is an AWS subsegment of its request, and carried the trace.
        XRaySpan v2Call = awsCallOf(v2Marker);
        XRaySpan v1Call = awsCallOf(v1Marker);
        List<String> headers = hostsOwnXRay.requests().stream().map(r -> r.header("X-Amzn-Trace-Id")).toList();
        assertAll(v2Call.doc() + "\n" + v1Call.doc(),
                () -> assertEquals("XRay", v2Call.name()),
                () -> assertEquals("PutTraceSegments", v2Call.text("/aws/operation")),
                () -> assertEquals("us-west-2", v2Call.text("/aws/region")),
                () -> assertEquals("XRay", v1Call.name()),
                () -> assertEquals("PutTraceSegments", v1Call.text("/aws/operation")),
                () -> assertTrue(headers.stream().anyMatch(h -> h != null && h.contains("Parent=" + v2Call.id())), headers.toString()),
                () -> assertTrue(headers.stream().anyMatch(h -> h != null && h.contains("Parent=" + v1Call.id())), headers.toString()));

        // The agent's own calls: its SDK, its suffix, and never traced (no header, no subsegment of them).
        Support.sendControlAndAwait(host, receiver, Map.of());
        List<XRayReceiver.ReceivedRequest> exports = receiver.requests();
        long awsCalls = receiver.traces().stream().flatMap(XRayTrace::spans).filter(s -> "aws".equals(s.namespace()))
                .map(XRaySpan::id).distinct().count();
        assertAll(
                () -> assertTrue(exports.stream().allMatch(r -> String.valueOf(r.header("User-Agent"))
                        .startsWith("aws-sdk-java/" + AGENT_SDK + " ")), "the agent's SDK: " + exports),
                () -> assertTrue(exports.stream().allMatch(r -> String.valueOf(r.header("User-Agent")).contains("telemetry-agent/")),
                        "the agent's suffix: " + exports),
                () -> assertEquals(List.of(), exports.stream().filter(r -> r.header("X-Amzn-Trace-Id") != null).toList(),
                        "the agent's own calls carry no trace header"),
                () -> assertEquals(2, awsCalls, "AWS subsegments: the host's two calls, none of the agent's "
                        + exports.size() + " export calls"));
        Support.assertNoSchemaViolations(receiver);
        Support.assertNoSchemaViolations(hostsOwnXRay);
        Support.assertOnlyAgentLinesOnStderr(host);
    }

    private static XRaySpan awsCallOf(String userAgent) {
        XRayTrace trace = receiver.awaitTrace(t -> t.span(s -> userAgent.equals(s.userAgent())).isPresent()
                && t.span(s -> "aws".equals(s.namespace()) && !s.doc().path("in_progress").asBoolean(false)).isPresent(),
                Support.ARRIVAL);
        return trace.span(s -> "aws".equals(s.namespace())).orElseThrow();
    }

    private static String line(String prefix) {
        return host.stdoutLines().stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no line " + prefix + "\n" + host.describe()));
    }
}
