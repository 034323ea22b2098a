package io.telemetryagent.export;

import io.telemetryagent.config.TelemetryConfig;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    static final String SOURCES = "system properties (aws.accessKeyId, aws.secretAccessKey), environment"
            + " (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), web identity"
            + " (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN), profile files (AWS_PROFILE, AWS_CONFIG_FILE,"
            + " AWS_SHARED_CREDENTIALS_FILE; SSO and credential_process profiles), container"
            + " (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, or AWS_CONTAINER_CREDENTIALS_FULL_URI with"
            + " AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE), EC2 instance metadata (IMDSv2)";

    /** A source's reason that only says it is not set up: the list of sources says what it needs. */
    private static final String[] NOT_SET_UP = {
        "Access key must be specified either via environment variable",           // system properties, environment
        "AWS_WEB_IDENTITY_TOKEN_FILE or the javaproperty aws.webIdentityTokenFile must be set",
        "neither AWS_CONTAINER_CREDENTIALS_FULL_URI or AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "Profile file contained no credentials for profile 'default'",            // no profile asked for
        "IMDS credentials have been disabled",
    };

    private static final Pattern SOURCE = Pattern.compile("([A-Z][A-Za-z0-9]*)CredentialsProvider\\(");

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
            problem(chain ? noCredentials(sdkReasons(e))
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
     * The line for a chain that found nothing: first what went wrong with the sources that are set
     * up (an expired SSO login, a refused token), which is what the user must act on, then every
     * source the chain tries and what to set for it. Said in that order, a long reason can only
     * crowd out the end of the list, which the README has too.
     */
    static String noCredentials(String reasons) {
        return "no AWS credentials for X-Ray: " + (reasons.isEmpty() ? "" : reasons + "; ")
                + "the AWS SDK's default chain tried " + SOURCES + (reasons.isEmpty() ? ", and none is set up" : "")
                + "; set one up (README: Pointing it at real AWS)";
    }

    /**
     * The chain's own reasons, {@code "Source: why"} joined by {@code "; "}, for the sources that are
     * set up: from {@code "Unable to load credentials from any of the providers in the chain ...:
     * [AProvider(): why, BProvider(profileFile=ProfileFile(...)): why]"}, without the providers'
     * descriptions (nested to any depth) and without the reasons that only say a source is not set
     * up. Empty when no source is set up; the message as it is when it is not the chain's.
     */
    static String sdkReasons(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        int open = message.indexOf(" : [");
        if (open < 0 || !message.endsWith("]")) {
            return message;
        }
        String list = message.substring(open + 4, message.length() - 1);
        StringBuilder reasons = new StringBuilder();
        Matcher source = SOURCE.matcher(list);
        boolean found = source.find();
        while (found) {
            String name = source.group(1);
            int close = closing(list, source.end() - 1);
            if (close < 0 || !list.startsWith("): ", close)) {
                return message;
            }
            int start = close + 3;
            // The reason ends where the next source's description begins, after ", ".
            int end = list.length();
            found = false;
            for (int next = start; source.find(next); next = source.start() + 1) {
                if (list.startsWith(", ", source.start() - 2)) {
                    end = source.start() - 2;
                    found = true;
                    break;
                }
            }
            String reason = withoutProfileFile(list.substring(start, end).trim());
            if (!notSetUp(reason)) {
                reasons.append(reasons.length() == 0 ? "" : "; ").append(name).append(": ").append(reason);
            }
        }
        return reasons.toString();
    }

    /** The index of the parenthesis that closes the one at {@code open}, or -1. */
    private static int closing(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The profile file's description ({@code : ProfileFile(sections=[...], profiles=[...])}) adds nothing. */
    private static String withoutProfileFile(String reason) {
        int at = reason.indexOf("ProfileFile(");
        int close = at < 0 ? -1 : closing(reason, at + "ProfileFile".length());
        if (close < 0) {
            return reason;
        }
        String before = reason.substring(0, at).trim();
        before = before.endsWith(":") ? before.substring(0, before.length() - 1) : before;
        return (before + " " + reason.substring(close + 1).trim()).trim();
    }

    private static boolean notSetUp(String reason) {
        for (String marker : NOT_SET_UP) {
            if (reason.contains(marker)) {
                return true;
            }
        }
        return false;
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
