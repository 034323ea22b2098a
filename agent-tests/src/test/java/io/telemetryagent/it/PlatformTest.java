package io.telemetryagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.hosts.DemoService;
import com.fasterxml.jackson.databind.JsonNode;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.FakeEcsMetadata;
import io.telemetryagent.testkit.FakeInstanceMetadata;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.XRayReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * SPEC §3 {@code origin} and the {@code aws} block: where the JVM runs, as X-Ray shows it, read
 * from local fakes of EC2's instance metadata service (IMDSv2 only) and ECS's task metadata
 * endpoint v4, and from an EKS service account token. Side by side, each test with its own host.
 */
@ExtendWith(HostOutputOnFailure.class)
@Execution(ExecutionMode.CONCURRENT)
class PlatformTest {

    private static XRayReceiver receiver;

    @BeforeAll
    static void start() {
        receiver = XRayReceiver.startNew();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    /** The segment of one request to a host started with {@code env}. */
    private static JsonNode segmentOfAHostWith(String name, Map<String, String> env) {
        HostJvm.Builder builder = HostJvm.builder(DemoService.class).config(Configs.to(receiver).serviceName(name));
        env.forEach(builder::env);
        try (HostJvm host = builder.start()) {
            String userAgent = HostJvm.marker(name);
            assertEquals(200, host.get("/hello", Map.of("User-Agent", userAgent)).status());
            JsonNode segment = receiver.awaitDocuments(d -> userAgent.equals(d.at("/http/request/user_agent").asText()),
                    1, Support.ARRIVAL).get(0);
            Support.assertOnlyAgentLinesOnStderr(host);
            return segment;
        }
    }

    @Test
    void writesTheEc2InstanceFromImdsV2AndNeverCallsWithoutAToken() {
        try (FakeInstanceMetadata imds = FakeInstanceMetadata.start()) {
            JsonNode segment = segmentOfAHostWith("on-ec2", Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.endpoint()));

            assertEquals("AWS::EC2::Instance", segment.path("origin").asText(), segment.toString());
            JsonNode ec2 = segment.at("/aws/ec2");
            assertEquals(FakeInstanceMetadata.INSTANCE_ID, ec2.path("instance_id").asText(), segment.toString());
            assertEquals(FakeInstanceMetadata.AVAILABILITY_ZONE, ec2.path("availability_zone").asText());
            assertEquals(FakeInstanceMetadata.INSTANCE_TYPE, ec2.path("instance_size").asText());
            assertEquals(FakeInstanceMetadata.AMI_ID, ec2.path("ami_id").asText());
            assertEquals("telemetry-agent", segment.at("/aws/xray/sdk").asText());
            assertEquals(List.of("PUT /latest/api/token -> 200", "GET /latest/dynamic/instance-identity/document -> 200"),
                    imds.calls());
            Support.assertNoSchemaViolations(receiver);
        }
    }

    @Test
    void writesTheEcsTaskFromMetadataV4AndLeavesImdsAloneOnFargate() {
        try (FakeEcsMetadata ecs = FakeEcsMetadata.start(); FakeInstanceMetadata imds = FakeInstanceMetadata.start()) {
            JsonNode segment = segmentOfAHostWith("on-ecs", Map.of("ECS_CONTAINER_METADATA_URI_V4", ecs.uri(),
                    "AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.endpoint()));

            assertEquals("AWS::ECS::Container", segment.path("origin").asText(), segment.toString());
            JsonNode block = segment.at("/aws/ecs");
            assertEquals(FakeEcsMetadata.CONTAINER_NAME, block.path("container").asText(), segment.toString());
            assertEquals(FakeEcsMetadata.DOCKER_ID, block.path("container_id").asText());
            assertEquals(FakeEcsMetadata.CONTAINER_ARN, block.path("container_arn").asText());
            assertEquals(FakeEcsMetadata.TASK_ARN, block.path("task_arn").asText());
            assertEquals(FakeEcsMetadata.FAMILY, block.path("task_family").asText());
            assertEquals(FakeEcsMetadata.CLUSTER_ARN, block.path("cluster_arn").asText());
            assertEquals("FARGATE", block.path("launch_type").asText());
            assertEquals(FakeEcsMetadata.AVAILABILITY_ZONE, block.path("availability_zone").asText());
            assertTrue(segment.at("/aws/ec2").isMissingNode(), segment.toString());
            assertEquals(List.of(), imds.calls(), "Fargate has no instance metadata service");
            Support.assertNoSchemaViolations(receiver);
        }
    }

    @Test
    void honoursAwsEc2MetadataDisabled() {
        try (FakeInstanceMetadata imds = FakeInstanceMetadata.start()) {
            JsonNode segment = segmentOfAHostWith("imds-off", Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.endpoint(),
                    "AWS_EC2_METADATA_DISABLED", "true"));

            assertTrue(segment.path("origin").isMissingNode(), segment.toString());
            assertTrue(segment.at("/aws/ec2").isMissingNode(), segment.toString());
            assertEquals(List.of(), imds.calls());
        }
    }

    @Test
    void labelsEksOnlyWhenTheClusterIsEks(@TempDir Path dir) throws Exception {
        Path eksToken = Files.writeString(dir.resolve("eks-token"),
                jwt("https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"));
        JsonNode eks = segmentOfAHostWith("on-eks", Map.of("KUBERNETES_SERVICE_HOST", "10.100.0.1",
                "AWS_WEB_IDENTITY_TOKEN_FILE", eksToken.toString(), "HOSTNAME", "orders-7d9f8c6b5-x2x4q"));
        assertEquals("AWS::EKS::Container", eks.path("origin").asText(), eks.toString());
        assertEquals("orders-7d9f8c6b5-x2x4q", eks.at("/aws/eks/pod").asText(), eks.toString());

        Path otherToken = Files.writeString(dir.resolve("other-token"), jwt("https://kubernetes.default.svc.cluster.local"));
        JsonNode other = segmentOfAHostWith("on-k8s", Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1",
                "AWS_WEB_IDENTITY_TOKEN_FILE", otherToken.toString(), "HOSTNAME", "orders-1"));
        assertFalse(other.has("origin"), other.toString());
        assertTrue(other.at("/aws/eks").isMissingNode(), other.toString());
        Support.assertNoSchemaViolations(receiver);
    }

    /** A service account token with this issuer, as Kubernetes writes it (the signature is not read). */
    private static String jwt(String issuer) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String claims = "{\"aud\":[\"sts.amazonaws.com\"],\"iss\":\"" + issuer + "\",\"sub\":\"system:serviceaccount:shop:orders\"}";
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }
}
