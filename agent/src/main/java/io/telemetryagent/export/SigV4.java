package io.telemetryagent.export;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for the exporter's one request shape: {@code POST} to a fixed path,
 * no query, JSON body, signed headers {@code content-type;host;x-amz-content-sha256;x-amz-date}
 * (and {@code x-amz-security-token} with session credentials). The JDK's SHA-256 and HMAC do the
 * cryptography; the day's signing key is derived once per UTC day. Written for the exporter's
 * thread: one instance per thread, as {@link MessageDigest} and {@link Mac} are not thread-safe.
 * Its output matches the AWS SDK for Java v2's signer (see the unit test).
 */
final class SigV4 {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String keyId;
    private final byte[] secret;
    private final String sessionToken;
    private final String region;
    private final String service;
    private final String signedHeaders;
    private final MessageDigest sha256;
    private final Mac hmac;
    private String keyDate;
    private SecretKeySpec signingKey;

    /** The headers one signature adds to a request. */
    static final class Signature {
        final String amzDate;
        /** The body's SHA-256, hex: the {@code x-amz-content-sha256} header. */
        final String contentSha256;
        final String authorization;
        /** Null without session credentials. */
        final String securityToken;

        Signature(String amzDate, String contentSha256, String authorization, String securityToken) {
            this.amzDate = amzDate;
            this.contentSha256 = contentSha256;
            this.authorization = authorization;
            this.securityToken = securityToken;
        }
    }

    SigV4(String keyId, String secretAccessKey, String sessionToken, String region, String service) {
        this.keyId = keyId;
        this.secret = ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
        this.sessionToken = sessionToken;
        this.region = region;
        this.service = service;
        this.signedHeaders = sessionToken == null ? "content-type;host;x-amz-content-sha256;x-amz-date"
                : "content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token";
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
            this.hmac = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-256 or HmacSHA256 (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Signs {@code POST path} to {@code host} (as the Host header will carry it: with its port
     * when not the scheme's default) with this content type and body, at {@code epochMillis}.
     */
    Signature sign(String host, String path, String contentType, byte[] body, int length, long epochMillis) {
        String amzDate = amzDate(epochMillis);
        String date = amzDate.substring(0, 8);
        sha256.reset();
        sha256.update(body, 0, length);
        String payloadHash = hex(sha256.digest());

        // Sized for the whole request (about 330 chars with X-Ray's host): no copy as it grows.
        StringBuilder canonical = new StringBuilder(512 + path.length() + host.length()
                + (sessionToken == null ? 0 : sessionToken.length()));
        canonical.append("POST\n").append(path).append("\n\n")
                .append("content-type:").append(contentType.trim()).append('\n')
                .append("host:").append(host).append('\n')
                .append("x-amz-content-sha256:").append(payloadHash).append('\n')
                .append("x-amz-date:").append(amzDate).append('\n');
        if (sessionToken != null) {
            canonical.append("x-amz-security-token:").append(sessionToken.trim()).append('\n');
        }
        canonical.append('\n').append(signedHeaders).append('\n').append(payloadHash);
        sha256.reset();
        String canonicalHash = hex(sha256.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));

        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String toSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + canonicalHash;
        String signature;
        try {
            hmac.init(signingKey(date));
            signature = hex(hmac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign (" + e.getMessage() + ")", e);
        }
        String authorization = ALGORITHM + " Credential=" + keyId + "/" + scope + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + signature;
        return new Signature(amzDate, payloadHash, authorization, sessionToken);
    }

    /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"), once a day. */
    private SecretKeySpec signingKey(String date) throws GeneralSecurityException {
        if (!date.equals(keyDate)) {
            byte[] key = mac(secret, date);
            key = mac(key, region);
            key = mac(key, service);
            key = mac(key, "aws4_request");
            signingKey = new SecretKeySpec(key, "HmacSHA256");
            keyDate = date;
        }
        return signingKey;
    }

    private byte[] mac(byte[] key, String data) throws GeneralSecurityException {
        hmac.init(new SecretKeySpec(key, "HmacSHA256"));
        return hmac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code yyyyMMdd'T'HHmmss'Z'} in UTC, without a formatter (it showed in the exporter's profile). */
    static String amzDate(long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L), 0, ZoneOffset.UTC);
        char[] out = new char[16];
        digits(out, 0, t.getYear(), 4);
        digits(out, 4, t.getMonthValue(), 2);
        digits(out, 6, t.getDayOfMonth(), 2);
        out[8] = 'T';
        digits(out, 9, t.getHour(), 2);
        digits(out, 11, t.getMinute(), 2);
        digits(out, 13, t.getSecond(), 2);
        out[15] = 'Z';
        return new String(out);
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }
}
