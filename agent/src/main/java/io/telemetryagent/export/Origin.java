package io.telemetryagent.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * The X-Ray {@code origin} of this JVM's segments: the AWS platform it runs on, where that shows
 * without a network call. EC2 is left out: telling it needs the instance metadata service.
 */
public final class Origin {

    static final String ECS = "AWS::ECS::Container";
    static final String EKS = "AWS::EKS::Container";
    static final String BEANSTALK = "AWS::ElasticBeanstalk::Environment";

    /** Written on every Elastic Beanstalk instance (the X-Ray SDK's Beanstalk plugin reads it too). */
    static final Path BEANSTALK_CONFIG = Paths.get("/var/elasticbeanstalk/xray/environment.conf");

    private Origin() {}

    /** The origin for this process's environment, or null. */
    public static String detect() {
        return detect(System.getenv(), BEANSTALK_CONFIG);
    }

    /**
     * The origin told by {@code env} and the Beanstalk file, or null. Most specific first, as
     * the X-Ray SDKs order their plugins: Beanstalk, then EKS, then ECS.
     */
    static String detect(Map<String, String> env, Path beanstalkConfig) {
        if (beanstalkConfig != null && isFile(beanstalkConfig)) {
            return BEANSTALK;
        }
        if (isSet(env, "KUBERNETES_SERVICE_HOST")) {
            return EKS;
        }
        if (isSet(env, "ECS_CONTAINER_METADATA_URI_V4") || isSet(env, "ECS_CONTAINER_METADATA_URI")) {
            return ECS;
        }
        return null;
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
}
