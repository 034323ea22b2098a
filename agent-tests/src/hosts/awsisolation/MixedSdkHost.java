package com.example.mixedsdk;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.xray.AWSXRay;
import com.amazonaws.services.xray.AWSXRayClientBuilder;
import com.example.hosts.Http;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.util.SdkUserAgent;
import software.amazon.awssdk.core.util.VersionInfo;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.xray.XRayClient;

/**
 * A host with two AWS SDKs of its own on its class path, neither of them the agent's: the AWS SDK
 * for Java v2 at 2.36 with its X-Ray client (the very classes the agent exports with, at another
 * version) and v1 at 1.12 with its X-Ray client. It says what it sees, on stdout:
 * <pre>
 * SDK v2 &lt;VersionInfo.SDK_VERSION&gt; &lt;jar of XRayClient&gt; &lt;SdkUserAgent&gt;
 * SDK v1 &lt;VersionInfoUtils.getVersion()&gt; &lt;jar of AWSXRayClient&gt;
 * COPIES &lt;class file&gt; &lt;the jars of every copy this host's class loader can see, comma-separated&gt;
 * ABSENT &lt;class&gt; &lt;true when this host cannot load it&gt;
 * </pre>
 * then serves, and prints {@code READY <port>}:
 * <pre>
 * /v2/xray?endpoint=URL&amp;id=ID  PutTraceSegments of one segment (id ID) through its own v2 XRayClient
 * /v1/xray?endpoint=URL&amp;id=ID  the same through its own v1 AWSXRay client
 *                              both answer 200 "ok unprocessed=N", or 502 "error: Type: message"
 * /hello                       200 "hello"
 * </pre>
 * Its calls are signed with its own keys ({@link #ACCESS_KEY_ID}) for us-west-2, not the agent's.
 * Compiled at test time against those jars ({@code AwsSdkIsolationTest}).
 */
public final class MixedSdkHost {

    static final String ACCESS_KEY_ID = "AKIDHOSTOWNSDK";
    static final String SECRET_ACCESS_KEY = "host-own-secret-doNotPrint";
    static final String REGION = "us-west-2";

    private static final Map<String, Object> CLIENTS = new ConcurrentHashMap<>();

    private MixedSdkHost() {}

    public static void main(String[] args) throws IOException {
        System.out.println("SDK v2 " + VersionInfo.SDK_VERSION + " " + jarOf(XRayClient.class) + " "
                + SdkUserAgent.create().userAgent());
        System.out.println("SDK v1 " + com.amazonaws.util.VersionInfoUtils.getVersion() + " "
                + jarOf(com.amazonaws.services.xray.AWSXRayClient.class));
        ClassLoader loader = MixedSdkHost.class.getClassLoader();
        for (String classFile : new String[] {
                "software/amazon/awssdk/services/xray/XRayClient.class",
                "software/amazon/awssdk/core/util/VersionInfo.class",
                "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class",
                "software/amazon/awssdk/auth/credentials/DefaultCredentialsProvider.class",
                "com/amazonaws/services/xray/AWSXRayClient.class" }) {
            List<String> jars = new ArrayList<>();
            for (URL copy : Collections.list(loader.getResources(classFile))) {
                jars.add(jarName(copy));
            }
            System.out.println("COPIES " + classFile + " " + String.join(",", jars));
        }
        for (String name : new String[] {
                "io.telemetryagent.export.XRayTransport",
                "io.telemetryagent.export.XRayExporter",
                "io.telemetryagent.export.XRayCredentials",
                "io.telemetryagent.trace.Tracer",
                "io.telemetryagent.config.TelemetryConfig" }) {
            System.out.println("ABSENT " + name + " " + !visible(name, loader));
        }

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/hello", exchange -> Http.respond(exchange, 200, "hello"));
        server.createContext("/v2/xray", exchange -> call(exchange, true));
        server.createContext("/v1/xray", exchange -> call(exchange, false));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("READY " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void call(HttpExchange exchange, boolean v2) throws IOException {
        Map<String, String> q = Http.query(exchange);
        String endpoint = q.get("endpoint");
        String document = segment(q.get("id"));
        try {
            int unprocessed;
            if (v2) {
                XRayClient client = (XRayClient) CLIENTS.computeIfAbsent("v2 " + endpoint, k -> XRayClient.builder()
                        .endpointOverride(URI.create(endpoint)).region(Region.of(REGION))
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
                        .httpClient(UrlConnectionHttpClient.create()).build());
                unprocessed = client.putTraceSegments(r -> r.traceSegmentDocuments(document)).unprocessedTraceSegments().size();
            } else {
                AWSXRay client = (AWSXRay) CLIENTS.computeIfAbsent("v1 " + endpoint, k -> AWSXRayClientBuilder.standard()
                        .withEndpointConfiguration(new EndpointConfiguration(endpoint, REGION))
                        .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
                        .build());
                unprocessed = client.putTraceSegments(new com.amazonaws.services.xray.model.PutTraceSegmentsRequest()
                        .withTraceSegmentDocuments(document)).getUnprocessedTraceSegments().size();
            }
            Http.respond(exchange, 200, "ok unprocessed=" + unprocessed);
        } catch (RuntimeException e) {
            Http.respond(exchange, 502, "error: " + e.getClass().getName() + ": " + e.getMessage());
        }
    }

    /** A segment of the host's own making, as an app using X-Ray directly would send. */
    private static String segment(String id) {
        double now = System.currentTimeMillis() / 1000.0;
        String traceId = String.format("1-%08x-%s", (long) now, id + "00000000");
        return "{\"name\":\"mixed-sdk-own\",\"id\":\"" + id + "\",\"trace_id\":\"" + traceId + "\",\"start_time\":"
                + now + ",\"end_time\":" + (now + 0.001) + "}";
    }

    private static String jarOf(Class<?> type) {
        return jarName(type.getProtectionDomain().getCodeSource().getLocation());
    }

    private static String jarName(URL url) {
        String path = url.getPath();
        int bang = path.indexOf("!/");
        path = bang >= 0 ? path.substring(0, bang) : path;
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static boolean visible(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
