package io.telemetryagent.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The instance's identity from EC2's instance metadata service, IMDSv2 only: a session token
 * first ({@code PUT /latest/api/token}), then the identity document with it. The endpoint is
 * {@code AWS_EC2_METADATA_SERVICE_ENDPOINT} when set (as the AWS SDKs read it), else the IPv6
 * address with {@code AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6}, else 169.254.169.254.
 */
final class Ec2Metadata {

    static final String DEFAULT_ENDPOINT = "http://169.254.169.254";
    static final String IPV6_ENDPOINT = "http://[fd00:ec2::254]";
    static final String ENDPOINT_ENV = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
    static final String DISABLED_ENV = "AWS_EC2_METADATA_DISABLED";
    /** The token is used at once: the shortest life IMDS grants is enough. */
    private static final String TOKEN_TTL_SECONDS = "60";

    private final MetadataClient client;
    private final String endpoint;

    Ec2Metadata(MetadataClient client, String endpoint) {
        this.client = client;
        this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    }

    /** The endpoint {@code env} names, or the default. */
    static String endpoint(Map<String, String> env) {
        String configured = env.get(ENDPOINT_ENV);
        if (configured != null && !configured.trim().isEmpty()) {
            return configured.trim();
        }
        return "ipv6".equalsIgnoreCase(String.valueOf(env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")).trim())
                ? IPV6_ENDPOINT : DEFAULT_ENDPOINT;
    }

    /** {@code AWS_EC2_METADATA_DISABLED=true}: the AWS SDKs then never call IMDS, nor do we. */
    static boolean disabled(Map<String, String> env) {
        String value = env.get(DISABLED_ENV);
        return value != null && "true".equals(value.trim().toLowerCase(Locale.ROOT));
    }

    /** A session token for the calls that follow (IMDSv2; IMDSv1's tokenless calls are never made). */
    String token() throws IOException {
        String token = new String(client.call("PUT", endpoint + "/latest/api/token",
                Map.of("X-aws-ec2-metadata-token-ttl-seconds", TOKEN_TTL_SECONDS)), StandardCharsets.US_ASCII).trim();
        if (token.isEmpty()) {
            throw new IOException("an empty IMDSv2 token from " + endpoint);
        }
        return token;
    }

    /** The instance identity document's fields ({@code instanceId}, {@code availabilityZone}, ...). */
    MetadataJson identity(String token) throws IOException {
        return MetadataJson.parse(client.call("GET", endpoint + "/latest/dynamic/instance-identity/document",
                Map.of("X-aws-ec2-metadata-token", token)));
    }

    /**
     * One of the instance's tags, when the instance lets its metadata show them (off by default);
     * null otherwise.
     */
    String tag(String token, String key) {
        try {
            String value = new String(client.call("GET", endpoint + "/latest/meta-data/tags/instance/" + key,
                    Map.of("X-aws-ec2-metadata-token", token)), StandardCharsets.UTF_8).trim();
            return value.isEmpty() ? null : value;
        } catch (IOException e) {
            return null;
        }
    }
}
