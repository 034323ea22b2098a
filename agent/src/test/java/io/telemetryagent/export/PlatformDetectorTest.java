package io.telemetryagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What needs no network: files and variables. The metadata endpoints are tested black-box (PlatformTest). */
class PlatformDetectorTest {

    private static final String ID = "8f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b";

    @TempDir
    Path root;

    /** Fails fast should anything try the network: nothing here may. */
    private final MetadataClient noNetwork = new MetadataClient(Duration.ofMillis(1));

    private void write(String file, String content) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    @Test
    void knowsNothingOnAPlainMachine() {
        assertSame(Platform.UNKNOWN, PlatformDetector.detect(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"), root, noNetwork));
    }

    @Test
    void writesTheEksPodAndItsContainer() throws IOException {
        write(EksSignals.SERVICE_ACCOUNT_TOKEN, OriginTest.jwt("https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE"));
        write(ContainerId.CGROUP, "12:pids:/kubepods/burstable/pod3c5e7c2a/" + ID + "\n11:memory:/kubepods/burstable/pod3c5e7c2a/" + ID + "\n");

        Platform platform = PlatformDetector.detect(Map.of("HOSTNAME", "host-name"), root, noNetwork);

        assertEquals(Origin.EKS, platform.origin());
        assertEquals("eks{pod=orders-7d9f8c6b5-x2x4q, container_id=" + ID + "}", platform.section("eks").toString());
    }

    @Test
    void takesThePodFromTheHostNameWhenTheTokenDoesNotSay() throws IOException {
        Path irsa = root.resolve("irsa");
        Files.writeString(irsa, OriginTest.jwt("https://oidc.eks.us-east-1.amazonaws.com/id/X").replace("orders-7d9f8c6b5-x2x4q", ""));
        Platform platform = PlatformDetector.detect(Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", irsa.toString(),
                "HOSTNAME", "orders-5c6d7e"), root, noNetwork);
        assertEquals("eks{pod=orders-5c6d7e}", platform.section("eks").toString());
    }

    @Test
    void writesTheBeanstalkEnvironment() throws IOException {
        write(Origin.BEANSTALK_CONFIG, "{\"deployment_id\":23,\"version_label\":\"app-5a56-170828_145005\",\"environment_name\":\"Scorekeep\"}");
        Platform platform = PlatformDetector.detect(Map.of(), root, noNetwork);
        assertEquals(Origin.BEANSTALK, platform.origin());
        Platform.Section beanstalk = platform.section("elastic_beanstalk");
        assertEquals("Scorekeep", beanstalk.get("environment_name"));
        assertEquals("app-5a56-170828_145005", beanstalk.get("version_label"));
        assertEquals(23L, beanstalk.get("deployment_id"));
    }

    @Test
    void findsTheContainerIdInEachCgroupForm() throws IOException {
        write(ContainerId.CGROUP, "0::/system.slice/docker-" + ID + ".scope\n");
        assertEquals(ID, ContainerId.of(root));
        write(ContainerId.CGROUP, "4:cpu:/kubepods.slice/kubepods-pod1.slice/cri-containerd-" + ID + ".scope\n");
        assertEquals(ID, ContainerId.of(root));
        write(ContainerId.CGROUP, "1:name=systemd:/docker/" + ID + "\n");
        assertEquals(ID, ContainerId.of(root));
        // cgroup v2 inside the container's namespace says nothing; its files do.
        write(ContainerId.CGROUP, "0::/\n");
        write(ContainerId.MOUNTINFO, "620 611 259:1 /var/lib/docker/containers/" + ID
                + "/hostname /etc/hostname rw,relatime - ext4 /dev/nvme0n1p1 rw\n");
        assertEquals(ID, ContainerId.of(root));
        write(ContainerId.MOUNTINFO, "620 611 0:5 / /proc rw - proc proc rw\n");
        assertNull(ContainerId.of(root));
    }

    @Test
    void writesTheSectionsIntoTheSegmentsAwsBlock() throws IOException {
        write(Origin.BEANSTALK_CONFIG, "{\"deployment_id\":23,\"version_label\":\"v1\",\"environment_name\":\"prod\"}");
        Platform platform = PlatformDetector.detect(Map.of(), root, noNetwork);
        SegmentWriter writer = new SegmentWriter("orders", "1.2.3", "1.0.0", platform, SegmentWriter.MAX_DOCUMENT_BYTES);
        io.telemetryagent.trace.Span root = SegmentWriterTest.richSegment();
        StringBuilder doc = new StringBuilder();
        writer.write(root, doc::append);

        String text = doc.toString();
        assertEquals(true, text.contains("\"elastic_beanstalk\":{\"environment_name\":\"prod\",\"version_label\":\"v1\",\"deployment_id\":23}"), text);
        assertEquals(true, text.contains("\"origin\":\"AWS::ElasticBeanstalk::Environment\""), text);
    }
}
