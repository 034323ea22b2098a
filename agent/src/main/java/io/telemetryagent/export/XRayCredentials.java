package io.telemetryagent.export;

import io.telemetryagent.config.TelemetryConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The credentials X-Ray calls are signed with, resolved exactly as the AWS SDKs resolve them:
 * {@code use_env: true} is the SDK's default chain (system properties, environment variables,
 * web identity, profile files with SSO and {@code credential_process}, container credentials,
 * IMDSv2), which also refreshes temporary credentials before they expire; static keys from the
 * block are used as they are. Resolution (and refresh) runs on the exporter's sender threads,
 * never on a request thread.
 *
 * <p>When nothing is found, or a source fails, one line says which sources were tried and what
 * to set; it is said again only when what the chain says changes. After a failure the chain is
 * asked again at most every {@link ExportTiming#credentialsRetry} (asking it costs up to seconds
 * where no instance metadata answers); meanwhile batches are lost as {@link LossReason#NO_CREDENTIALS}.
 */
final class XRayCredentials implements AutoCloseable {

    /** The default chain's sources, in its order, and what to set for each. */
    static final String SOURCES = "Java system properties (aws.accessKeyId, aws.secretAccessKey), environment"
            + " (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), web identity"
            + " (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN), profile files (AWS_PROFILE, AWS_CONFIG_FILE,"
            + " AWS_SHARED_CREDENTIALS_FILE; SSO and credential_process profiles), container credentials"
            + " (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, or AWS_CONTAINER_CREDENTIALS_FULL_URI with"
            + " AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE), EC2 instance metadata (IMDSv2)";

    private final AwsCredentialsProvider provider;
    private final boolean chain;
    private final ExportLog log;
    private final long retryNanos;
    private final Object lock = new Object();
    private long failedAtNanos;
    private boolean failed;
    private String lastProblem;
    private String lastSource;

    private XRayCredentials(AwsCredentialsProvider provider, boolean chain, ExportLog log, long retryNanos) {
        this.provider = provider;
        this.chain = chain;
        this.log = log;
        this.retryNanos = retryNanos;
    }

    /** The provider {@code config} asks for: the default chain, or its static keys. */
    static XRayCredentials of(TelemetryConfig config, ExportLog log, ExportTiming timing) {
        if (config.useEnv()) {
            return new XRayCredentials(DefaultCredentialsProvider.builder().build(), true, log,
                    timing.credentialsRetry.toNanos());
        }
        AwsCredentialsProvider keys = isEmpty(config.accessKeyId()) || isEmpty(config.secretAccessKey()) ? null
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId().trim(),
                        config.secretAccessKey().trim()));
        return new XRayCredentials(keys, false, log, timing.credentialsRetry.toNanos());
    }

    /** The provider for the client (the SDK asks it on every call, and it answers from its cache). */
    AwsCredentialsProvider provider() {
        return provider != null ? provider : StaticCredentialsProvider.create(AwsBasicCredentials.create("none", "none"));
    }

    /**
     * The credentials to sign the next call with (resolving or refreshing them if need be), or
     * null, having said why once, when there are none. Called before each call; the call is signed
     * with exactly what this returned, so that a refresh shows from one call to the next.
     */
    AwsCredentials current() {
        if (provider == null) {
            problem("exporters.xray has no access_key_id and secret_access_key; set both, or \"use_env\": true"
                    + " to use the AWS SDK's default credentials chain");
            return null;
        }
        synchronized (lock) {
            if (failed && System.nanoTime() - failedAtNanos < retryNanos) {
                return null;
            }
        }
        try {
            AwsCredentials found = provider.resolveCredentials();
            if (found == null) {
                throw new IllegalStateException("the credentials provider returned nothing");
            }
            String source = found.providerName().orElse("static keys");
            synchronized (lock) {
                boolean recovered = failed;
                failed = false;
                lastProblem = null;
                if (recovered || !source.equals(lastSource)) {
                    lastSource = source;
                    if (chain) {
                        log.info("AWS credentials found (" + source + ")" + (recovered ? "; export resumes" : ""));
                    }
                }
            }
            return found;
        } catch (RuntimeException e) {
            synchronized (lock) {
                failed = true;
                failedAtNanos = System.nanoTime();
            }
            problem(chain ? "no AWS credentials for X-Ray: the AWS SDK's default chain tried " + SOURCES
                    + ", and said: " + sdkReasons(e) + "; set one of these up (README: Pointing it at real AWS)"
                    : "the static AWS credentials could not be used: " + e.getMessage());
            return null;
        }
    }

    /** Says {@code line} once, and again only when it changes. */
    private void problem(String line) {
        synchronized (lock) {
            if (line.equals(lastProblem)) {
                return;
            }
            lastProblem = line;
        }
        log.error(line + "; segments are lost and counted until then");
    }

    /**
     * The chain's own reasons, one per source, without its class names:
     * {@code "Unable to load credentials from any of the providers in the chain ...: [A(): why, B(): why]"}.
     */
    static String sdkReasons(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        int open = message.indexOf(" : [");
        if (open >= 0 && message.endsWith("]")) {
            message = message.substring(open + 4, message.length() - 1);
        }
        return message.replaceAll("([A-Za-z]+)CredentialsProvider\\([^()]*(\\([^()]*\\)[^()]*)*\\): ", "$1: ");
    }

    private static boolean isEmpty(String value) {
        return value == null || value.trim().isEmpty();
    }

    @Override
    public void close() {
        if (provider instanceof SdkAutoCloseable) {
            try {
                ((SdkAutoCloseable) provider).close();
            } catch (RuntimeException e) {
                // going away anyway
            }
        }
    }
}
