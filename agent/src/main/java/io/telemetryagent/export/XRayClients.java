package io.telemetryagent.export;

import io.telemetryagent.config.TelemetryConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.XRayClientBuilder;

/**
 * Builds the SDK's {@link XRayClient} from the settings, on the exporter's thread. Everything
 * is given explicitly (HTTP client, region, credentials), so the SDK neither discovers an HTTP
 * client through the context class loader nor walks its region and credential chains (which
 * may call the instance metadata service). The SDK does not retry: the exporter does, and
 * bounds the time it spends doing so.
 */
final class XRayClients {

    private XRayClients() {}

    /** Throws, with a message fit for the log (never a secret), when no client can be built. */
    static XRayClient create(TelemetryConfig config, ExportTiming timing) {
        AwsCredentialsProvider credentials = credentials(config);
        XRayClientBuilder builder = XRayClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(timing.connectTimeout)
                        .socketTimeout(timing.readTimeout)
                        .build())
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(TelemetryConfig config) {
        if (config.useEnv()) {
            AwsCredentialsProvider fromEnv = EnvironmentVariableCredentialsProvider.create();
            try {
                fromEnv.resolveCredentials(); // fail once here rather than on every call
            } catch (RuntimeException e) {
                throw new IllegalStateException("exporters.xray.use_env is true but the environment has no"
                        + " AWS credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)", e);
            }
            return fromEnv;
        }
        String keyId = config.accessKeyId();
        String secret = config.secretAccessKey();
        if (keyId == null || keyId.isEmpty() || secret == null || secret.isEmpty()) {
            throw new IllegalStateException("exporters.xray has no access_key_id and secret_access_key"
                    + " (or set use_env: true)");
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret));
    }
}
