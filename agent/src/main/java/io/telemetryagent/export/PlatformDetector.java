package io.telemetryagent.export;

import io.telemetryagent.log.AgentLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;

/**
 * Finds where this JVM runs ({@link Platform}): the {@link Origin}, then what each platform's own
 * sources say. Elastic Beanstalk's X-Ray file; on EKS the pod, its container and (when the
 * instance shows its tags) the cluster; ECS's task metadata endpoint v4; EC2's instance
 * metadata (IMDSv2) when the firmware says EC2 or {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}
 * points somewhere, unless {@code AWS_EC2_METADATA_DISABLED=true} or the task runs on Fargate.
 * The network calls are made once, with short time-outs, on the exporter's thread, never on the
 * host's start-up path. What cannot be read is left out.
 */
final class PlatformDetector {

    /**
     * Each IMDS call's connect and read time-out: where a container cannot reach IMDS (its hop
     * limit), the first call waits this long, once. The AWS SDKs wait 1 s, but retry; 1 s alone ran
     * out with four hosts starting at once on a loaded machine.
     */
    static final Duration IMDS_TIMEOUT = Duration.ofSeconds(2);
    /** ECS's endpoint is there whenever its variable is: more time costs nothing but on a busy start. */
    static final Duration ECS_TIMEOUT = Duration.ofSeconds(5);

    private PlatformDetector() {}

    /** This process's platform. */
    static Platform detect() {
        return detect(System.getenv(), Paths.get("/"), new MetadataClient(IMDS_TIMEOUT), new MetadataClient(ECS_TIMEOUT));
    }

    static Platform detect(Map<String, String> env, Path root, MetadataClient client) {
        return detect(env, root, client, client);
    }

    static Platform detect(Map<String, String> env, Path root, MetadataClient imdsClient, MetadataClient ecsClient) {
        String origin = Origin.detect(env, root);
        Platform.Builder platform = new Platform.Builder().origin(origin);
        if (Origin.BEANSTALK.equals(origin)) {
            beanstalk(platform, root);
        }
        if (Origin.EKS.equals(origin)) {
            platform.field("eks", "pod", EksSignals.podName(env, root))
                    .field("eks", "container_id", ContainerId.of(root));
        }
        String launchType = null;
        String ecsUri = env.get(EcsMetadata.URI_ENV);
        if (ecsUri != null && !ecsUri.trim().isEmpty()) {
            launchType = ecs(platform, new EcsMetadata(ecsClient, ecsUri.trim()));
        }
        boolean imdsNamed = env.get(Ec2Metadata.ENDPOINT_ENV) != null && !env.get(Ec2Metadata.ENDPOINT_ENV).trim().isEmpty();
        // Fargate has no instance metadata service: calling it would only wait for the time-out.
        if (!Ec2Metadata.disabled(env) && !"FARGATE".equals(launchType) && (imdsNamed || Origin.onEc2(root))) {
            ec2(platform, new Ec2Metadata(imdsClient, Ec2Metadata.endpoint(env)), Origin.EKS.equals(origin));
        }
        return platform.build();
    }

    /** {@code environment.conf}: {@code {"deployment_id": 23, "version_label": "...", "environment_name": "..."}}. */
    private static void beanstalk(Platform.Builder platform, Path root) {
        MetadataJson conf;
        try {
            Path file = root.resolve(Origin.BEANSTALK_CONFIG);
            conf = Files.size(file) > MetadataClient.MAX_BODY ? MetadataJson.EMPTY
                    : MetadataJson.parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException | SecurityException e) {
            return;
        }
        platform.field("elastic_beanstalk", "environment_name", conf.text("environment_name"))
                .field("elastic_beanstalk", "version_label", conf.text("version_label"))
                .field("elastic_beanstalk", "deployment_id", number(conf.text("deployment_id")));
    }

    /** Returns the task's launch type ({@code EC2}, {@code FARGATE}), or null when unknown. */
    private static String ecs(Platform.Builder platform, EcsMetadata metadata) {
        MetadataJson container;
        MetadataJson task;
        try {
            container = metadata.container();
            task = metadata.task();
        } catch (IOException | RuntimeException e) {
            AgentLog.debug("ECS task metadata unavailable: " + e.getMessage() + "; segments carry no aws.ecs");
            return null;
        }
        String cluster = task.text("Cluster");
        String launchType = task.text("LaunchType");
        platform.field("ecs", "container", container.text("Name"))
                .field("ecs", "container_id", container.text("DockerId"))
                .field("ecs", "container_arn", container.text("ContainerARN"))
                .field("ecs", "task_arn", task.text("TaskARN"))
                .field("ecs", "task_family", task.text("Family"))
                .field("ecs", "cluster_arn", cluster != null && cluster.startsWith("arn:") ? cluster : null)
                .field("ecs", "launch_type", launchType)
                .field("ecs", "availability_zone", task.text("AvailabilityZone"));
        return launchType;
    }

    private static void ec2(Platform.Builder platform, Ec2Metadata imds, boolean eks) {
        MetadataJson identity;
        String token;
        try {
            token = imds.token();
            identity = imds.identity(token);
        } catch (IOException | RuntimeException e) {
            AgentLog.debug("EC2 instance metadata (IMDSv2) unavailable: " + e + "; segments carry no aws.ec2");
            return;
        }
        if (identity.text("instanceId") == null) {
            return;
        }
        if (platform.origin() == null) {
            platform.origin(Origin.EC2);
        }
        if (eks) {
            // EKS tags its nodes with their cluster's name; IMDS shows it only where the instance
            // allows tags in its metadata.
            platform.field("eks", "cluster_name", imds.tag(token, "aws:eks:cluster-name"));
        }
        platform.field("ec2", "instance_id", identity.text("instanceId"))
                .field("ec2", "availability_zone", identity.text("availabilityZone"))
                .field("ec2", "instance_size", identity.text("instanceType"))
                .field("ec2", "ami_id", identity.text("imageId"));
    }

    private static Long number(String text) {
        try {
            return text == null ? null : Long.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
