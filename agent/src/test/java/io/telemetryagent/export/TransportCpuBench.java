package io.telemetryagent.export;

import io.telemetryagent.config.TelemetryConfig;
import io.telemetryagent.trace.Sampler;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.PutTraceSegmentsRequest;

/**
 * The CPU per document of one {@code PutTraceSegments} call of 50 documents, warm, for each SDK
 * HTTP client and for the options our transport sets, measured with and without in one JVM:
 * calls back to back on one thread to a local X-Ray stand-in in a process of its own, windows of
 * the variants in turn, medians. Two figures per variant: the calling thread's CPU (what the
 * issue's figures count) and the whole JVM's (the SDK's time-out scheduler, GC and JIT included).
 * Each document is a {@code /chain} request (router, pipe, one backend call) as
 * {@link SegmentWriter} writes it.
 *
 * <p>Variants: {@code url-connection}, {@code apache}, {@code apache5} (the bare client, as the
 * issue measured them); {@code +timeouts} (attempt and call time-outs, which schedule two timer
 * tasks per call), {@code +timeouts-removed} (the same on a scheduler that removes cancelled
 * tasks), {@code +override} (the credentials set per call, as the transport once did);
 * {@code transport} ({@link XRayTransport} as the exporter builds it); {@code signer+url-connection}
 * (no XRayClient: the SDK's SigV4 signer and HTTP client alone, the bound on what leaving the
 * client's pipeline would save).
 *
 * <p>{@code java -cp ... io.telemetryagent.export.TransportCpuBench [windows] [calls per window] [variants, comma-separated]}
 */
public final class TransportCpuBench {

    private TransportCpuBench() {}

    public static void main(String[] args) throws Exception {
        int windows = args.length > 0 ? Integer.parseInt(args[0]) : 25;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        List<String> names = Arrays.asList((args.length > 2 ? args[2]
                : "url-connection,apache,apache5,url-connection+timeouts,url-connection+timeouts-removed,"
                + "url-connection+override,transport").split(","));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Process server = ExporterCpuBench.startReceiver();
        List<AutoCloseable> closing = new ArrayList<>();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + ExporterCpuBench.receiverPort(server));
            List<String> documents = documents();
            Map<String, Function<List<String>, Integer>> variants = new LinkedHashMap<>();
            for (String name : names) {
                variants.put(name, variant(name, endpoint, closing));
            }
            int bytes = 0;
            for (String document : documents) {
                bytes += document.getBytes(StandardCharsets.UTF_8).length;
            }
            System.out.printf(Locale.ROOT, "PutTraceSegments, 50 documents (%d bytes) per call, %d windows of %d calls, load %s%n",
                    bytes, windows, calls, ExporterCpuBench.loadAverage());
            // Warm-up until the JIT has compiled the paths: not reported.
            for (int round = 0; round < 10; round++) {
                for (Function<List<String>, Integer> variant : variants.values()) {
                    window(threads, os, variant, documents, calls);
                }
            }
            ExporterCpuBench.profiler("start,event=" + System.getProperty("bench.profile.event", "cpu,interval=1ms") + ",threads");
            Map<String, double[][]> perDocument = new LinkedHashMap<>();
            for (String name : variants.keySet()) {
                perDocument.put(name, new double[2][windows]);
            }
            List<String> order = new ArrayList<>(variants.keySet());
            for (int w = 0; w < windows; w++) {
                java.util.Collections.rotate(order, 1); // nobody always goes first
                for (String name : order) {
                    double[] figures = window(threads, os, variants.get(name), documents, calls);
                    perDocument.get(name)[0][w] = figures[0] / 50;
                    perDocument.get(name)[1][w] = figures[1] / 50;
                }
            }
            String out = System.getProperty("bench.profile.out");
            ExporterCpuBench.profiler("stop,collapsed,file=" + (out == null ? "profile.collapsed" : out));
            System.out.printf(Locale.ROOT, "warm, medians of %d windows (min-max), load %s%n", windows, ExporterCpuBench.loadAverage());
            for (Map.Entry<String, double[][]> result : perDocument.entrySet()) {
                double[] caller = result.getValue()[0].clone();
                double[] jvm = result.getValue()[1].clone();
                Arrays.sort(caller);
                Arrays.sort(jvm);
                System.out.printf(Locale.ROOT, "%-34s calling thread %5.2f µs per document (%.2f-%.2f); whole JVM %5.2f (%.2f-%.2f)%n",
                        result.getKey(), caller[caller.length / 2], caller[0], caller[caller.length - 1],
                        jvm[jvm.length / 2], jvm[0], jvm[jvm.length - 1]);
            }
            // What the variants still hold once their calls are over (the time-out tasks of the last 10-30 s among it).
            System.gc();
            System.out.printf(Locale.ROOT, "live heap after the windows, the clients still open: %.1f MB%n",
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6);
        } finally {
            for (AutoCloseable c : closing) {
                c.close();
            }
            server.destroy();
        }
    }

    /** Sends a batch as {@code name} does and returns how many documents X-Ray took. */
    private static Function<List<String>, Integer> variant(String name, URI endpoint, List<AutoCloseable> closing) {
        ExportTiming timing = ExportTiming.of(1);
        if (name.equals("transport")) {
            TelemetryConfig config = new TelemetryConfig("bench", 100, 1, true, true, true, "us-east-1", "1.0", false,
                    "AKIDBENCH", "bench-secret", endpoint);
            ScheduledThreadPoolExecutor scheduler = XRayExporter.timeoutScheduler();
            XRayTransport transport = XRayTransport.create(config, timing, "bench",
                    XRayCredentials.of(config, new ExportLog("bench-secret"), timing), scheduler);
            closing.add(transport);
            closing.add(scheduler::shutdownNow);
            return documents -> transport.send(documents).sent;
        }
        if (name.startsWith("signer+")) {
            return signerOnly(name.substring("signer+".length()), endpoint, timing, closing);
        }
        String[] parts = name.split("\\+", 2);
        SdkHttpClient http = ExporterCpuBench.httpClient(parts[0], timing);
        String option = parts.length > 1 ? parts[1] : "";
        AwsCredentials keys = AwsBasicCredentials.create("AKIDBENCH", "bench-secret");
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder();
        if (option.startsWith("timeouts")) {
            ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
            scheduler.setRemoveOnCancelPolicy(option.equals("timeouts-removed"));
            closing.add(scheduler::shutdownNow);
            override.apiCallAttemptTimeout(Duration.ofSeconds(10)).apiCallTimeout(Duration.ofSeconds(30))
                    .scheduledExecutorService(scheduler);
        }
        XRayClient client = XRayClient.builder().httpClient(http).region(Region.US_EAST_1).endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(keys))
                .overrideConfiguration(override.build())
                .build();
        closing.add(client);
        closing.add(http);
        boolean perCall = option.equals("override");
        return documents -> {
            PutTraceSegmentsRequest.Builder request = PutTraceSegmentsRequest.builder().traceSegmentDocuments(documents);
            if (perCall) {
                request.overrideConfiguration(c -> c.credentialsProvider(StaticCredentialsProvider.create(keys)));
            }
            return documents.size() - client.putTraceSegments(request.build()).unprocessedTraceSegments().size();
        };
    }

    /**
     * What a call costs without XRayClient's pipeline: the body written with Jackson, signed with the
     * SDK's {@code AwsV4HttpSigner} and sent with the SDK's HTTP client {@code http}; no retries,
     * time-outs, interceptors or answer unmarshalling. Not what we ship: the bound on what leaving
     * the client's pipeline could save.
     */
    private static Function<List<String>, Integer> signerOnly(String http, URI endpoint, ExportTiming timing,
                                                              List<AutoCloseable> closing) {
        SdkHttpClient client = ExporterCpuBench.httpClient(http, timing);
        closing.add(client);
        AwsV4HttpSigner signer = AwsV4HttpSigner.create();
        AwsCredentialsIdentity keys = AwsCredentialsIdentity.create("AKIDBENCH", "bench-secret");
        com.fasterxml.jackson.core.JsonFactory json = new com.fasterxml.jackson.core.JsonFactory();
        URI uri = endpoint.resolve("/TraceSegments");
        return documents -> {
            try {
                java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream(64 * 1024);
                try (com.fasterxml.jackson.core.JsonGenerator out = json.createGenerator(body)) {
                    out.writeStartObject();
                    out.writeArrayFieldStart("TraceSegmentDocuments");
                    for (String document : documents) {
                        out.writeString(document);
                    }
                    out.writeEndArray();
                    out.writeEndObject();
                }
                byte[] bytes = body.toByteArray();
                SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Content-Length", Integer.toString(bytes.length)).build();
                SignedRequest signed = signer.sign(r -> r.identity(keys).request(request)
                        .payload(ContentStreamProvider.fromByteArrayUnsafe(bytes))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "xray")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
                HttpExecuteResponse answer = client.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                        .contentStreamProvider(signed.payload().orElse(null)).build()).call();
                try (java.io.InputStream in = answer.responseBody().orElseThrow()) {
                    in.readAllBytes();
                }
                return answer.httpResponse().statusCode() == 200 ? documents.size() : 0;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    /** The calling thread's and the whole JVM's CPU per call over {@code calls} calls, in microseconds. */
    private static double[] window(com.sun.management.ThreadMXBean threads, com.sun.management.OperatingSystemMXBean os,
                                   Function<List<String>, Integer> variant, List<String> documents, int calls) {
        long caller = threads.getCurrentThreadCpuTime();
        long jvm = os.getProcessCpuTime();
        for (int i = 0; i < calls; i++) {
            if (variant.apply(documents) != documents.size()) {
                throw new IllegalStateException("not every document was taken");
            }
        }
        return new double[] {(threads.getCurrentThreadCpuTime() - caller) / 1000.0 / calls,
                (os.getProcessCpuTime() - jvm) / 1000.0 / calls};
    }

    /** 50 documents of {@code /chain} requests, as the exporter writes them. */
    private static List<String> documents() {
        List<Span> roots = new ArrayList<>();
        Tracer tracer = new Tracer("bench", new Sampler(100), roots::add, true, true, true);
        for (int i = 0; i < 50; i++) {
            ExporterCpuBench.HotRequest.make(tracer);
        }
        SegmentWriter writer = new SegmentWriter("bench", "1.0", "bench", Origin.EKS);
        List<String> documents = new ArrayList<>();
        for (Span root : roots) {
            writer.write(root, documents::add);
        }
        return documents;
    }
}
