package io.telemetryagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link XRayCall} over TLS to a local HTTPS receiver with a certificate made for the test. */
class XRayCallTlsTest {

    private static KeyStore localhost;
    private static KeyStore otherName;
    private static SSLContext client;

    @BeforeAll
    static void certificates() throws Exception {
        localhost = TestCertificates.generate("localhost", "ip:127.0.0.1,dns:localhost");
        otherName = TestCertificates.generate("other.example", "dns:other.example");
        client = TestCertificates.trusting(localhost, otherName);
    }

    @Test
    void sendsASignedCallOverTls() throws Exception {
        try (FakeXRay xray = FakeXRay.startTls(TestCertificates.server(localhost));
             XRayCall call = call(xray.endpoint())) {
            assertEquals("https", xray.endpoint().getScheme());

            XRayCall.Answer first = call.send(XRayCallTransportTest.body("{\"id\":\"tls-1\"}"));
            XRayCall.Answer second = call.send(XRayCallTransportTest.body("{\"id\":\"tls-2\"}"));

            assertEquals(200, first.status);
            assertEquals(200, second.status);
            assertEquals(2, xray.calls.size());
            assertEquals("127.0.0.1:" + xray.port(), xray.calls.get(1).header("Host"));
            assertTrue(xray.calls.get(1).header("Authorization").startsWith("AWS4-HMAC-SHA256 Credential=AKIDTLSTEST/"));
            assertEquals("[{\"id\":\"tls-1\"}, {\"id\":\"tls-2\"}]", xray.accepted().toString());
        }
    }

    @Test
    void sendsToAHostNameWithSni() throws Exception {
        Assumptions.assumeTrue(InetAddress.getByName("localhost").getHostAddress().equals("127.0.0.1"),
                "localhost is 127.0.0.1 here");
        try (FakeXRay xray = FakeXRay.startTls(TestCertificates.server(localhost));
             XRayCall call = call(URI.create("https://localhost:" + xray.port()))) {

            assertEquals(200, call.send(XRayCallTransportTest.body("{}")).status);
            assertEquals("localhost:" + xray.port(), xray.calls.get(0).header("Host"));
        }
    }

    @Test
    void rejectsATrustedCertificateForAnotherName() throws Exception {
        try (FakeXRay xray = FakeXRay.startTls(TestCertificates.server(otherName));
             XRayCall call = call(xray.endpoint())) {

            IOException failure = assertThrows(IOException.class, () -> call.send(XRayCallTransportTest.body("{}")));

            assertTrue(failure instanceof SSLHandshakeException, failure.toString());
            assertTrue(failure.getMessage().contains("127.0.0.1"), failure.getMessage());
            assertEquals(0, xray.calls.size());
        }
    }

    @Test
    void rejectsAnUntrustedCertificate() throws Exception {
        try (FakeXRay xray = FakeXRay.startTls(TestCertificates.server(localhost));
             XRayCall call = new XRayCall(xray.endpoint(), new SigV4("AKIDTLSTEST", "tls-secret", null, "eu-west-1", "xray"),
                     "telemetry-agent/test", XRayCallTransportTest.timing(Duration.ofSeconds(5)), null,
                     TestCertificates.trusting(otherName).getSocketFactory())) {

            assertThrows(SSLHandshakeException.class, () -> call.send(XRayCallTransportTest.body("{}")));
            assertEquals(0, xray.calls.size());
        }
    }

    private static XRayCall call(URI endpoint) {
        return new XRayCall(endpoint, new SigV4("AKIDTLSTEST", "tls-secret", null, "eu-west-1", "xray"),
                "telemetry-agent/test", XRayCallTransportTest.timing(Duration.ofSeconds(5)), null, client.getSocketFactory());
    }
}
