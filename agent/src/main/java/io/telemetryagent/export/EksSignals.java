package io.telemetryagent.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Base64;
import java.util.Map;

/**
 * Whether this pod runs on Amazon EKS rather than any Kubernetes, told without a network call.
 * The X-Ray SDK and OpenTelemetry ask the Kubernetes API for the {@code aws-auth} config map,
 * which most pods may not read; instead, an EKS cluster issues its pods' service account tokens
 * from its own OIDC issuer, {@code https://oidc.eks.<region>.amazonaws.com/id/<id>} (also
 * {@code .amazonaws.com.cn}), which the token's unsigned payload names. EKS Pod Identity, whose
 * agent only EKS runs, is a second sign.
 */
final class EksSignals {

    /** The pod's service account token, mounted in every pod unless turned off. */
    static final String SERVICE_ACCOUNT_TOKEN = "var/run/secrets/kubernetes.io/serviceaccount/token";
    private static final int MAX_TOKEN = 16 * 1024;

    private EksSignals() {}

    /** True when {@code env} and the files under {@code root} show an EKS pod. */
    static boolean isEks(Map<String, String> env, Path root) {
        // EKS Pod Identity's agent, on every EKS node that uses it, at its link-local address.
        String podIdentity = env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        if (podIdentity != null && (podIdentity.startsWith("http://169.254.170.23/")
                || podIdentity.startsWith("http://[fd00:ec2::23]/"))) {
            return true;
        }
        return isEksIssuer(claims(root.resolve(SERVICE_ACCOUNT_TOKEN)).text("iss"))
                || isEksIssuer(claims(webIdentityToken(env)).text("iss"));
    }

    /** The pod's name: from its service account token, else its host name (the pod's, by default). */
    static String podName(Map<String, String> env, Path root) {
        String name = claims(root.resolve(SERVICE_ACCOUNT_TOKEN)).object("kubernetes.io").object("pod").text("name");
        if (name == null || name.isEmpty()) {
            name = env.get("HOSTNAME");
        }
        return name == null || name.isEmpty() ? null : name;
    }

    static boolean isEksIssuer(String issuer) {
        if (issuer == null || !issuer.startsWith("https://oidc.eks.")) {
            return false;
        }
        int slash = issuer.indexOf('/', "https://".length());
        String host = slash < 0 ? issuer.substring("https://".length()) : issuer.substring("https://".length(), slash);
        return host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn");
    }

    /** The IRSA token EKS mounts for a pod whose service account has a role. */
    private static Path webIdentityToken(Map<String, String> env) {
        String file = env.get("AWS_WEB_IDENTITY_TOKEN_FILE");
        try {
            return file == null || file.isEmpty() ? null : Paths.get(file);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** The claims of the JWT in {@code file}, unverified: only to read who issued it. */
    static MetadataJson claims(Path file) {
        if (file == null) {
            return MetadataJson.EMPTY;
        }
        String token;
        try (InputStream in = Files.newInputStream(file)) {
            token = new String(in.readNBytes(MAX_TOKEN), StandardCharsets.US_ASCII).trim();
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return MetadataJson.EMPTY;
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0) {
            return MetadataJson.EMPTY;
        }
        try {
            return MetadataJson.parse(Base64.getUrlDecoder().decode(token.substring(first + 1, second)));
        } catch (IllegalArgumentException e) {
            return MetadataJson.EMPTY;
        }
    }
}
