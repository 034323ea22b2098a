package io.telemetryagent.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The X-Ray {@code origin} of this JVM's segments: the AWS platform it runs on, where that shows
 * without a network call: environment variables, and a few small files the platform writes.
 * {@link PlatformDetector} adds what the platform's metadata endpoints say.
 */
public final class Origin {

    static final String ECS = "AWS::ECS::Container";
    static final String EKS = "AWS::EKS::Container";
    static final String BEANSTALK = "AWS::ElasticBeanstalk::Environment";
    static final String EC2 = "AWS::EC2::Instance";

    /** Written on every Elastic Beanstalk instance (the X-Ray SDK's Beanstalk plugin reads it too). */
    static final String BEANSTALK_CONFIG = "var/elasticbeanstalk/xray/environment.conf";
    /** The firmware's vendor: {@code Amazon EC2} on every Nitro instance, bare metal included. */
    static final String SYS_VENDOR = "sys/devices/virtual/dmi/id/sys_vendor";
    /** On the older Xen instances, the hypervisor's uuid, which starts with {@code ec2}. */
    static final String HYPERVISOR_UUID = "sys/hypervisor/uuid";

    private Origin() {}

    /**
     * The origin told by {@code env} and the files under {@code root}, or null. Most specific
     * first, as the X-Ray SDKs order their plugins: Beanstalk, EKS, ECS, then EC2 (on which the
     * other three usually run).
     */
    static String detect(Map<String, String> env, Path root) {
        if (isFile(root.resolve(BEANSTALK_CONFIG))) {
            return BEANSTALK;
        }
        // Any Kubernetes shows KUBERNETES_SERVICE_HOST; only EKS is AWS::EKS::Container. Another
        // cluster on EC2 instances is told as EC2 below.
        if (EksSignals.isEks(env, root)) {
            return EKS;
        }
        if (isSet(env, "ECS_CONTAINER_METADATA_URI_V4") || isSet(env, "ECS_CONTAINER_METADATA_URI")) {
            return ECS;
        }
        return onEc2(root) ? EC2 : null;
    }

    /** The machine's firmware says EC2 (Nitro), or its Xen hypervisor does (older instances). */
    static boolean onEc2(Path root) {
        return "amazon ec2".equals(head(root.resolve(SYS_VENDOR))) || head(root.resolve(HYPERVISOR_UUID)).startsWith("ec2");
    }

    private static boolean isSet(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isEmpty();
    }

    private static boolean isFile(Path path) {
        try {
            return Files.isRegularFile(path);
        } catch (SecurityException e) {
            return false;
        }
    }

    /** The first bytes of a small file, trimmed and lower-cased; "" when it cannot be read. */
    private static String head(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return new String(in.readNBytes(64), StandardCharsets.US_ASCII).trim().toLowerCase(Locale.ROOT);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return "";
        }
    }
}
