package io.telemetryagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OriginTest {

    @TempDir
    Path root;

    private Path write(String file, String content) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, content);
    }

    @Test
    void knowsEcsFromItsMetadataVariables() {
        assertEquals(Origin.ECS, Origin.detect(Map.of("ECS_CONTAINER_METADATA_URI_V4", "http://169.254.170.2/v4/x"), root));
        assertEquals(Origin.ECS, Origin.detect(Map.of("ECS_CONTAINER_METADATA_URI", "http://169.254.170.2/v3/x"), root));
    }

    @Test
    void knowsEksFromItsServiceAccountTokenIssuer() throws IOException {
        write(EksSignals.SERVICE_ACCOUNT_TOKEN, jwt("https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"));
        assertEquals(Origin.EKS, Origin.detect(Map.of("KUBERNETES_SERVICE_HOST", "10.100.0.1"), root));
    }

    @Test
    void knowsEksFromPodIdentityOrAnIrsaToken() throws IOException {
        assertEquals(Origin.EKS, Origin.detect(
                Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials"), root));
        Path irsa = write("irsa/token", jwt("https://oidc.eks.cn-north-1.amazonaws.com.cn/id/EXAMPLE"));
        assertEquals(Origin.EKS, Origin.detect(Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", irsa.toString()), root));
    }

    @Test
    void anotherKubernetesIsNotEks() throws IOException {
        write(EksSignals.SERVICE_ACCOUNT_TOKEN, jwt("https://kubernetes.default.svc.cluster.local"));
        assertNull(Origin.detect(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"), root));
        write(EksSignals.SERVICE_ACCOUNT_TOKEN, jwt("https://oidc.eks.example.com/id/X"));
        assertNull(Origin.detect(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"), root));
        write(EksSignals.SERVICE_ACCOUNT_TOKEN, "not a token");
        assertNull(Origin.detect(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"), root));
        // ... and on EC2 instances, it is told as EC2.
        write(Origin.SYS_VENDOR, "Amazon EC2\n");
        assertEquals(Origin.EC2, Origin.detect(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"), root));
    }

    /** A service account token as Kubernetes writes it: header, claims, signature, base64url. */
    static String jwt(String issuer) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String claims = "{\"aud\":[\"https://kubernetes.default.svc\"],\"iss\":\"" + issuer + "\","
                + "\"kubernetes.io\":{\"namespace\":\"shop\",\"pod\":{\"name\":\"orders-7d9f8c6b5-x2x4q\","
                + "\"uid\":\"3c5e7c2a\"},\"serviceaccount\":{\"name\":\"orders\"}},\"sub\":\"system:serviceaccount:shop:orders\"}";
        return b64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"k1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + b64.encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    @Test
    void knowsElasticBeanstalkFromItsXRayFileFirst() throws IOException {
        write(Origin.BEANSTALK_CONFIG, "{\"environment_name\":\"prod\"}");
        write(Origin.SYS_VENDOR, "Amazon EC2\n");

        assertEquals(Origin.BEANSTALK, Origin.detect(Map.of("KUBERNETES_SERVICE_HOST", "10.100.0.1"), root));
    }

    @Test
    void knowsEc2FromTheFirmwareVendorOrTheXenUuid() throws IOException {
        write(Origin.SYS_VENDOR, "Amazon EC2\n");
        assertEquals(Origin.EC2, Origin.detect(Map.of(), root));
        // A container on EC2 says which container service runs it.
        assertEquals(Origin.ECS, Origin.detect(Map.of("ECS_CONTAINER_METADATA_URI_V4", "http://169.254.170.2/v4/x"), root));

        write(Origin.SYS_VENDOR, "QEMU\n");
        assertNull(Origin.detect(Map.of(), root));
        write(Origin.HYPERVISOR_UUID, "ec2e1916-9099-7caf-fd21-012345abcdef\n");
        assertEquals(Origin.EC2, Origin.detect(Map.of(), root));
        write(Origin.HYPERVISOR_UUID, "4c4c4544-0044-4b10-8031-b7c04f4b4e31\n");
        assertNull(Origin.detect(Map.of(), root));
    }

    @Test
    void knowsNothingElse() {
        assertNull(Origin.detect(Map.of("HOME", "/root", "ECS_CONTAINER_METADATA_URI", ""), root));
        assertNull(Origin.detect(Map.of(), root.resolve("absent")));
    }
}
