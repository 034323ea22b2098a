package io.telemetryagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Our signature must be the one the AWS SDK for Java v2's own signer computes for the same request. */
class SigV4Test {

    private static final String KEY_ID = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final long AT = Instant.parse("2026-11-22T07:50:12Z").toEpochMilli();

    @Test
    void matchesTheSdkSignerWithStaticCredentials() {
        byte[] body = "{\"TraceSegmentDocuments\":[\"{\\\"name\\\":\\\"caf\u00e9\\\"}\"]}".getBytes(StandardCharsets.UTF_8);
        assertSame(null, "https://xray.eu-west-1.amazonaws.com/TraceSegments", "xray.eu-west-1.amazonaws.com", body);
    }

    @Test
    void matchesTheSdkSignerWithSessionCredentialsAndAPort() {
        byte[] body = "{\"TraceSegmentDocuments\":[]}".getBytes(StandardCharsets.UTF_8);
        assertSame("IQoJb3JpZ2luX2VjEXAMPLETOKEN//////////wEaCXVzLWVhc3QtMSJH", "http://127.0.0.1:2000/TraceSegments",
                "127.0.0.1:2000", body);
    }

    @Test
    void theSignatureCoversTheBodyAndTheDay() {
        SigV4 signer = new SigV4(KEY_ID, SECRET, null, "eu-west-1", "xray");
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String one = signer.sign("h", "/TraceSegments", "application/json", body, body.length, AT).authorization;
        String shorter = signer.sign("h", "/TraceSegments", "application/json", body, body.length - 1, AT).authorization;
        String nextDay = signer.sign("h", "/TraceSegments", "application/json", body, body.length, AT + 86_400_000L).authorization;
        assertNotEquals(one, shorter);
        assertNotEquals(one, nextDay);
        assertEquals(one, signer.sign("h", "/TraceSegments", "application/json", body, body.length, AT).authorization);
    }

    @Test
    void datesAreUtcBasicIso() {
        assertEquals("20261122T075012Z", SigV4.amzDate(AT));
        assertEquals("19700101T000000Z", SigV4.amzDate(0));
        assertEquals("20281231T235959Z", SigV4.amzDate(Instant.parse("2028-12-31T23:59:59.999Z").toEpochMilli()));
    }

    private static void assertSame(String token, String url, String host, byte[] body) {
        SigV4 ours = new SigV4(KEY_ID, SECRET, token, "eu-west-1", "xray");
        // The body sits in a bigger buffer, as the exporter's does.
        byte[] buffer = new byte[body.length + 100];
        System.arraycopy(body, 0, buffer, 0, body.length);
        SigV4.Signature signature = ours.sign(host, "/TraceSegments", "application/json", buffer, body.length, AT);

        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create(url))
                .putHeader("Content-Type", "application/json")
                .build();
        AwsCredentialsIdentity identity = token == null ? AwsCredentialsIdentity.create(KEY_ID, SECRET)
                : AwsSessionCredentialsIdentity.create(KEY_ID, SECRET, token);
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity)
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "xray")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(Instant.ofEpochMilli(AT), ZoneOffset.UTC))).request();

        assertEquals(signed.firstMatchingHeader("X-Amz-Date").orElseThrow(), signature.amzDate);
        assertEquals(signed.firstMatchingHeader("x-amz-content-sha256").orElseThrow(), signature.contentSha256);
        assertEquals(signed.firstMatchingHeader("Authorization").orElseThrow(), signature.authorization);
        assertEquals(signed.firstMatchingHeader("X-Amz-Security-Token").orElse(null), signature.securityToken);
    }
}
