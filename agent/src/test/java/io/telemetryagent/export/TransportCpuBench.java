package io.telemetryagent.export;

import com.sun.net.httpserver.HttpServer;
import io.telemetryagent.trace.Sampler;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.PutTraceSegmentsRequest;

/**
 * The CPU per document of {@code XRayClient.putTraceSegments} with each SDK HTTP client we could
 * ship (url-connection, Apache 4, Apache 5), warm, in one JVM: the calling thread's CPU over a
 * window of 50-document calls to a local server, windows of the clients in turn, medians. Each
 * document is a {@code /chain} request (router, pipe, one backend call) as {@link SegmentWriter}
 * writes it.
 *
 * <p>{@code java -cp ... io.telemetryagent.export.TransportCpuBench [windows] [calls per window]}
 */
public final class TransportCpuBench {

    private TransportCpuBench() {}

    public static void main(String[] args) throws Exception {
        int windows = args.length > 0 ? Integer.parseInt(args[0]) : 25;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        HttpServer server = server();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            Map<String, SdkHttpClient> https = new LinkedHashMap<>();
            https.put("url-connection", UrlConnectionHttpClient.builder().build());
            https.put("apache", ApacheHttpClient.builder().build());
            https.put("apache5", Apache5HttpClient.builder().build());
            Map<String, XRayClient> clients = new LinkedHashMap<>();
            for (Map.Entry<String, SdkHttpClient> http : https.entrySet()) {
                clients.put(http.getKey(), XRayClient.builder().httpClient(http.getValue()).region(Region.US_EAST_1)
                        .endpointOverride(endpoint)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "bench-secret")))
                        .build());
            }
            PutTraceSegmentsRequest request = PutTraceSegmentsRequest.builder().traceSegmentDocuments(documents()).build();
            int bytes = 0;
            for (String document : request.traceSegmentDocuments()) {
                bytes += document.getBytes(StandardCharsets.UTF_8).length;
            }
            System.out.printf(Locale.ROOT, "XRayClient.putTraceSegments, 50 documents (%d bytes) per call, %d windows of %d calls%n",
                    bytes, windows, calls);
            // Warm-up until the JIT has compiled the paths: not reported.
            for (int round = 0; round < 6; round++) {
                for (XRayClient client : clients.values()) {
                    window(threads, client, request, calls);
                }
            }
            Map<String, double[]> perDocument = new LinkedHashMap<>();
            for (String name : clients.keySet()) {
                perDocument.put(name, new double[windows]);
            }
            for (int w = 0; w < windows; w++) {
                for (Map.Entry<String, XRayClient> client : clients.entrySet()) {
                    perDocument.get(client.getKey())[w] = window(threads, client.getValue(), request, calls) / 50;
                }
            }
            for (Map.Entry<String, double[]> result : perDocument.entrySet()) {
                double[] sorted = result.getValue().clone();
                Arrays.sort(sorted);
                System.out.printf(Locale.ROOT, "%-15s median %.2f us CPU per document (min %.2f, max %.2f)%n",
                        result.getKey(), sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
            }
            for (XRayClient client : clients.values()) {
                client.close();
            }
            for (SdkHttpClient http : https.values()) {
                http.close();
            }
        } finally {
            server.stop(0);
        }
    }

    /** The calling thread's CPU per call over {@code calls} calls, in microseconds. */
    private static double window(ThreadMXBean threads, XRayClient client, PutTraceSegmentsRequest request, int calls) {
        long before = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
            if (client.putTraceSegments(request).unprocessedTraceSegments().size() != 0) {
                throw new IllegalStateException("unprocessed");
            }
        }
        return (threads.getCurrentThreadCpuTime() - before) / 1000.0 / calls;
    }

    /** A local X-Ray answering every call with success, recording nothing. */
    private static HttpServer server() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        byte[] ok = "{\"UnprocessedTraceSegments\":[]}".getBytes(StandardCharsets.US_ASCII);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, ok.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ok);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return server;
    }

    /** 50 documents of {@code /chain} requests, as the exporter writes them. */
    private static List<String> documents() {
        List<Span> roots = new ArrayList<>();
        Tracer tracer = new Tracer("bench", new Sampler(100), roots::add, true, true, true);
        for (int i = 0; i < 50; i++) {
            Span router = tracer.startInbound(null);
            router.httpRequest("GET", "http://127.0.0.1:8080/chain");
            router.client("127.0.0.1", false, "wrk/4.1.0");
            Span pipe = tracer.startChild(Span.Kind.PIPE, "GET /chain");
            Span call = tracer.startChild(Span.Kind.BACKEND, "127.0.0.1");
            call.httpRequest("GET", "http://127.0.0.1:9090/hello");
            call.traced(true);
            call.status(200);
            call.contentLength(5);
            tracer.end(call, false, null);
            tracer.end(pipe, true, router);
            router.status(200);
            router.contentLength(5);
            tracer.end(router, true, null);
        }
        SegmentWriter writer = new SegmentWriter("bench", "1.0", "bench", Origin.EKS);
        List<String> documents = new ArrayList<>();
        for (Span root : roots) {
            writer.write(root, documents::add);
        }
        return documents;
    }

}
