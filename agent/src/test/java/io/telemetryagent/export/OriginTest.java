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
    Path dir;

    @Test
    void knowsEcsFromItsMetadataVariables() {
        assertEquals(Origin.ECS, Origin.detect(Map.of("ECS_CONTAINER_METADATA_URI_V4", "http://169.254.170.2/v4/x"), null));
        assertEquals(Origin.ECS, Origin.detect(Map.of("ECS_CONTAINER_METADATA_URI", "http://169.254.170.2/v3/x"), null));
    }

    @Test
    void knowsEksFromTheKubernetesServiceHost() {
        assertEquals(Origin.EKS, Origin.detect(Map.of("KUBERNETES_SERVICE_HOST", "10.100.0.1"), null));
    }

    @Test
    void knowsElasticBeanstalkFromItsXRayFileFirst() throws IOException {
        Path conf = Files.writeString(dir.resolve("environment.conf"), "{\"environment_name\":\"prod\"}");

        assertEquals(Origin.BEANSTALK, Origin.detect(Map.of("KUBERNETES_SERVICE_HOST", "10.100.0.1"), conf));
        assertNull(Origin.detect(Map.of(), dir.resolve("absent.conf")));
    }

    @Test
    void knowsNothingElse() {
        assertNull(Origin.detect(Map.of("HOME", "/root", "ECS_CONTAINER_METADATA_URI", ""), null));
    }
}
