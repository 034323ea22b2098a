package io.telemetryagent.testkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an AWS Signature Version 4 {@code Authorization} header the way X-Ray does: the scheme,
 * the access key id, the region and service of the credential scope, and (when a secret is known)
 * the signature itself, recomputed from the request.
 */
public final class SigV4Check {

    private static final String SCHEME = "AWS4-HMAC-SHA256";

    /** Secret by access key id: any of these keys may sign (a null secret: the key's scope only is checked). */
    private final Map<String, String> secrets;
    /** Session token by access key id, for keys that must come with one (temporary credentials). */
    private final Map<String, String> tokens;
    private final String region;
    private final String service;

    /**
     * @param secretAccessKey the secret to recompute the signature with; null checks the header's
     *                        form and scope only
     */
    public SigV4Check(String accessKeyId, String secretAccessKey, String region, String service) {
        this(java.util.Collections.singletonMap(accessKeyId, secretAccessKey), Map.of(), region, service);
    }

    /**
     * A check that accepts a request signed with any of {@code secrets} (access key id to secret),
     * and, for a key in {@code tokens}, only with that session token in {@code X-Amz-Security-Token}
     * (signed). Copies are kept: later changes to the maps do not count.
     */
    public SigV4Check(Map<String, String> secrets, Map<String, String> tokens, String region, String service) {
        this.secrets = new java.util.HashMap<>(secrets);
        this.tokens = new java.util.HashMap<>(tokens);
        this.region = region;
        this.service = service;
    }

    /** The outcome: null when the request is properly signed, else why not (never shows a secret). */
    public String problem(String method, String path, String rawQuery,
                          Map<String, List<String>> headers, byte[] body) {
        String authorization = first(headers, "authorization");
        if (authorization == null) {
            return "MissingAuthenticationTokenException: no Authorization header";
        }
        if (!authorization.startsWith(SCHEME + " ")) {
            return "IncompleteSignatureException: scheme is not " + SCHEME + ": " + authorization;
        }
        Map<String, String> parts = new TreeMap<>();
        for (String part : authorization.substring(SCHEME.length() + 1).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        String credential = parts.get("Credential");
        String signedHeaders = parts.get("SignedHeaders");
        String signature = parts.get("Signature");
        if (credential == null || signedHeaders == null || signature == null) {
            return "IncompleteSignatureException: Authorization lacks Credential, SignedHeaders or Signature";
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
            return "IncompleteSignatureException: malformed credential scope " + credential;
        }
        if (!secrets.containsKey(scope[0])) {
            return "UnrecognizedClientException: unknown access key id " + scope[0]
                    + " (expected one of " + new java.util.TreeSet<>(secrets.keySet()) + ")";
        }
        String token = tokens.get(scope[0]);
        if (token != null) {
            String sent = first(headers, "x-amz-security-token");
            if (!token.equals(sent)) {
                return "UnrecognizedClientException: The security token included in the request is invalid"
                        + (sent == null ? " (none sent)" : "");
            }
            if (!(";" + signedHeaders + ";").contains(";x-amz-security-token;")) {
                return "IncompleteSignatureException: X-Amz-Security-Token is not among the signed headers";
            }
        }
        if (!scope[2].equals(region)) {
            return "InvalidSignatureException: credential scoped to region " + scope[2]
                    + " (expected " + region + ")";
        }
        if (!scope[3].equals(service)) {
            return "InvalidSignatureException: credential scoped to service " + scope[3]
                    + " (expected " + service + ")";
        }
        String amzDate = first(headers, "x-amz-date");
        if (amzDate == null || !amzDate.startsWith(scope[1])) {
            return "IncompleteSignatureException: X-Amz-Date " + amzDate + " does not match the scope date " + scope[1];
        }
        String secretAccessKey = secrets.get(scope[0]);
        if (secretAccessKey == null) {
            return null;
        }
        String expected = signature(secretAccessKey, method, path, rawQuery, headers, body, signedHeaders, amzDate,
                String.join("/", scope[1], scope[2], scope[3], scope[4]), scope[1]);
        if (!expected.equals(signature)) {
            return "InvalidSignatureException: The request signature we calculated does not match the signature you provided";
        }
        return null;
    }

    private String signature(String secretAccessKey, String method, String path, String rawQuery, Map<String, List<String>> headers,
                             byte[] body, String signedHeaders, String amzDate, String scope, String date) {
        StringBuilder canonical = new StringBuilder();
        canonical.append(method).append('\n');
        canonical.append(path == null || path.isEmpty() ? "/" : path).append('\n');
        canonical.append(canonicalQuery(rawQuery)).append('\n');
        for (String name : signedHeaders.split(";")) {
            List<String> values = values(headers, name);
            List<String> trimmed = new ArrayList<>();
            for (String value : values) {
                trimmed.add(value.trim().replaceAll("\\s+", " "));
            }
            canonical.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        canonical.append('\n').append(signedHeaders).append('\n');
        String payloadHash = first(headers, "x-amz-content-sha256");
        canonical.append(payloadHash != null && !payloadHash.startsWith("UNSIGNED") && !payloadHash.startsWith("STREAMING")
                ? payloadHash : hex(sha256(body)));
        String stringToSign = SCHEME + "\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return hex(hmac(key, stringToSign));
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            pairs.add(pair.contains("=") ? pair : pair + "=");
        }
        pairs.sort(null);
        return String.join("&", pairs);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = values(headers, name);
        return values.isEmpty() ? null : values.get(0);
    }

    private static List<String> values(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                return e.getValue();
            }
        }
        return List.of();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
