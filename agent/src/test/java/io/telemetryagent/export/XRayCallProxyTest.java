package io.telemetryagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Proxy;
import java.net.URI;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link XRayCall} through an HTTP proxy: the absolute URI for http, a CONNECT tunnel for https. */
class XRayCallProxyTest {

    private static final String SECRET = "proxy/Secret+EXAMPLEKEY";

    private static KeyStore localhost;
    private static SSLContext client;

    @BeforeAll
    static void certificates() throws Exception {
        localhost = TestCertificates.generate("localhost", "ip:127.0.0.1,dns:localhost");
        client = TestCertificates.trusting(localhost);
    }

    @Test
    void sendsAnHttpCallToTheProxyWithTheAbsoluteUri() throws Exception {
        try (FakeXRay xray = FakeXRay.start(); LocalProxy proxy = LocalProxy.start();
             XRayCall call = call(xray.endpoint(), proxy.proxy())) {

            assertEquals(200, call.send(XRayCallTransportTest.body("{\"id\":\"via-proxy-1\"}")).status);
            assertEquals(200, call.send(XRayCallTransportTest.body("{\"id\":\"via-proxy-2\"}")).status);

            assertEquals(List.of("POST http://127.0.0.1:" + xray.port() + "/TraceSegments HTTP/1.1"), proxy.firstLines);
            assertEquals(1, proxy.connections(), "kept alive through the proxy");
            assertEquals(List.of("{\"id\":\"via-proxy-1\"}", "{\"id\":\"via-proxy-2\"}"), xray.accepted());
            assertEquals("127.0.0.1:" + xray.port(), xray.calls.get(0).header("Host"));
        }
    }

    @Test
    void tunnelsAnHttpsCallThroughConnect() throws Exception {
        try (FakeXRay xray = FakeXRay.startTls(TestCertificates.server(localhost)); LocalProxy proxy = LocalProxy.start();
             XRayCall call = call(xray.endpoint(), proxy.proxy())) {

            assertEquals(200, call.send(XRayCallTransportTest.body("{\"id\":\"tunnelled\"}")).status);
            assertEquals(200, call.send(XRayCallTransportTest.body("{\"id\":\"tunnelled-2\"}")).status);

            assertEquals(List.of("CONNECT 127.0.0.1:" + xray.port() + " HTTP/1.1"), proxy.firstLines);
            assertEquals(1, proxy.connections());
            assertEquals(List.of("{\"id\":\"tunnelled\"}", "{\"id\":\"tunnelled-2\"}"), xray.accepted());
        }
    }

    @Test
    void aProxyAskingForAuthenticationIsOneClearLine() throws Exception {
        try (LocalProxy proxy = LocalProxy.demandingAuthentication()) {
            for (URI endpoint : new URI[] {URI.create("https://127.0.0.1:9"), URI.create("http://127.0.0.1:9")}) {
                try (XRayCall call = call(endpoint, proxy.proxy())) {
                    IOException failure = assertThrows(IOException.class, () -> call.send(XRayCallTransportTest.body("{}")));

                    String message = failure.getMessage();
                    assertTrue(message.startsWith("proxy 127.0.0.1:" + proxy.port() + " asks for authentication (HTTP 407),"
                            + " which the exporter does not support"), message);
                    assertFalse(message.contains(SECRET) || message.contains("Signature="), message);
                }
            }
        }
    }

    private static XRayCall call(URI endpoint, Proxy proxy) {
        return new XRayCall(endpoint, new SigV4("AKIDPROXYTEST", SECRET, null, "eu-west-1", "xray"), "telemetry-agent/test",
                XRayCallTransportTest.timing(Duration.ofSeconds(5)), proxy, client.getSocketFactory());
    }
}
