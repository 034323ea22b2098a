package io.telemetryagent.export;

import com.sun.net.httpserver.HttpServer;
import io.telemetryagent.config.TelemetryConfig;
import io.telemetryagent.trace.Sampler;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;

/**
 * The exporter's CPU and allocation per document, warm, with each SDK HTTP client, in one JVM:
 * a real {@link XRayExporter} per client, each sending through {@link XRayTransport} (the
 * production client with its time-outs, retries and credentials) to a local X-Ray stand-in that
 * runs in a process of its own, so that its CPU is not on this JVM's books. {@code /chain}
 * segments (router, pipe, one call) are offered at a steady rate to one exporter at a time,
 * windows of the clients in turn; each window counts the CPU and the bytes allocated by that
 * exporter's threads (its writer, its senders, its time-out scheduler and any thread its HTTP
 * client started), and the whole JVM's CPU less the thread that makes the segments (so garbage
 * collection, the JIT and native threads show too). Windows go on until every client's figure has
 * stopped falling (warm), then the measured windows are taken; the whole curve is printed.
 *
 * <p>{@code java -cp ... io.telemetryagent.export.ExporterCpuBench [documents/s] [window s]
 * [measured windows] [clients, comma-separated: url-connection,apache,apache5]}
 */
public final class ExporterCpuBench {

    private static final int MAX_WARMUP_WINDOWS = 40;

    private ExporterCpuBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("receiver")) {
            receiver();
            return;
        }
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int measured = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        List<String> names = Arrays.asList((args.length > 3 ? args[3] : "url-connection,apache,apache5").split(","));
        Process receiver = startReceiver();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + receiverPort(receiver));
            run(endpoint, rate, seconds, measured, names);
        } finally {
            receiver.destroy();
        }
    }

    private static void run(URI endpoint, int rate, int seconds, int measured, List<String> names) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        TelemetryConfig config = new TelemetryConfig("bench", 100, 1, true, true, true, "us-east-1", "1.0", false,
                "AKIDBENCHEXPORT", "bench-export-secret", endpoint);
        ExportTiming timing = ExportTiming.of(1);
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        Set<Long> known = threadIds();
        for (String name : names) {
            Candidate c = new Candidate(name, config, timing, httpClient(name, timing));
            c.exporter.start();
            // Its first batch makes the client: the threads that appear by then are this exporter's.
            for (int i = 0; i < XRayExporter.MAX_BATCH; i++) {
                HotRequest.make(c.tracer);
            }
            waitForSent(c, XRayExporter.MAX_BATCH, 20_000);
            Thread.sleep(500);
            for (long id : threadIds()) {
                if (known.add(id)) {
                    c.threads.add(id);
                }
            }
            candidates.put(name, c);
        }
        System.out.printf(Locale.ROOT, "exporter CPU per document, %d documents/s offered, windows of %d s, clients in turn: %s%n",
                rate, seconds, names);
        System.out.printf(Locale.ROOT, "machine: %d cores, load %s, %s%n", Runtime.getRuntime().availableProcessors(),
                loadAverage(), System.getProperty("java.vm.version"));
        int windowsTaken = 0;
        boolean warm = false;
        int warmAt = -1;
        for (int round = 1; windowsTaken < measured; round++) {
            List<String> order = new ArrayList<>(candidates.keySet());
            java.util.Collections.rotate(order, round % order.size()); // nobody always goes first
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %2d:", warm ? "window " : "warm-up", round));
            for (String name : order) {
                Candidate c = candidates.get(name);
                Window w = window(c, rate, seconds, threads, os);
                (warm ? c.measured : c.curve).add(w);
                line.append(String.format(Locale.ROOT, "  %s %.1f µs %.0f B (JVM %.1f µs)%s", name, w.cpuPerDoc(),
                        w.bytesPerDoc(), w.jvmPerDoc(), w.lost > 0 ? " LOST " + w.lost : ""));
            }
            System.out.println(line);
            if (warm) {
                windowsTaken++;
            } else if (candidates.values().stream().allMatch(Candidate::settled) || round >= MAX_WARMUP_WINDOWS) {
                warm = true;
                warmAt = round;
                System.out.printf(Locale.ROOT, "warm after %d rounds (%s)%n", round,
                        round >= MAX_WARMUP_WINDOWS ? "the most allowed"
                                : "no client's last 3 windows went 5 % under its best before them");
                profiler("start,event=" + System.getProperty("bench.profile.event", "cpu,interval=1ms") + ",threads");
            }
        }
        String out = System.getProperty("bench.profile.out");
        profiler("stop,collapsed,file=" + (out == null ? "profile.collapsed" : out));
        System.out.printf(Locale.ROOT, "%nwarm, medians of %d windows (min-max), load %s:%n", measured, loadAverage());
        for (Candidate c : candidates.values()) {
            System.out.printf(Locale.ROOT, "%-15s exporter threads %5.2f µs per document (%.2f-%.2f), %.0f µs per call, %5.0f B allocated per document;"
                            + " whole JVM %5.2f µs per document; %.1f documents per call, %d lost%n",
                    c.name, median(c.measured, Window::cpuPerDoc), min(c.measured, Window::cpuPerDoc),
                    max(c.measured, Window::cpuPerDoc), median(c.measured, Window::cpuPerCall),
                    median(c.measured, Window::bytesPerDoc), median(c.measured, Window::jvmPerDoc),
                    median(c.measured, Window::docsPerCall), c.measured.stream().mapToLong(w -> w.lost).sum());
            c.exporter.shutdown();
        }
        System.out.println("(warm-up ended after round " + warmAt + ")");
    }

    /** One window: {@code rate} documents a second for {@code seconds} to one exporter, then until all are out. */
    private static Window window(Candidate c, int rate, int seconds,
                                 com.sun.management.ThreadMXBean threads, com.sun.management.OperatingSystemMXBean os)
            throws InterruptedException {
        long self = Thread.currentThread().getId();
        long[] before = c.usage(threads);
        long jvm0 = os.getProcessCpuTime() - threads.getThreadCpuTime(self);
        long docs0 = c.documents.get();
        long calls0 = c.calls.get();
        long lost0 = c.exporter.lost();
        long sent0 = c.exporter.sent();
        long start = System.nanoTime();
        long offered = 0;
        long end = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
            while (offered < due) {
                HotRequest.make(c.tracer);
                offered++;
            }
            Thread.sleep(1);
        }
        // Everything out (the last period's batch goes within a second), then a little quiet.
        waitForSent(c, sent0 + offered - (c.exporter.lost() - lost0), 5_000);
        Thread.sleep(200);
        long[] after = c.usage(threads);
        Window w = new Window();
        w.cpu = after[0] - before[0];
        w.allocated = after[1] - before[1];
        w.jvm = os.getProcessCpuTime() - threads.getThreadCpuTime(self) - jvm0;
        w.documents = c.documents.get() - docs0;
        w.calls = c.calls.get() - calls0;
        w.lost = c.exporter.lost() - lost0;
        return w;
    }

    private static void waitForSent(Candidate c, long sent, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (c.exporter.sent() + c.exporter.lost() < sent && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    /** The SDK HTTP client called {@code name}, with the production client's time-outs. */
    static SdkHttpClient httpClient(String name, ExportTiming timing) {
        switch (name) {
            case "url-connection":
                return software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()
                        .connectionTimeout(timing.connectTimeout).socketTimeout(timing.readTimeout).build();
            case "apache":
                return ApacheHttpClient.builder()
                        .connectionTimeout(timing.connectTimeout).socketTimeout(timing.readTimeout).build();
            case "apache5":
                return Apache5HttpClient.builder()
                        .connectionTimeout(timing.connectTimeout).socketTimeout(timing.readTimeout).build();
            default:
                throw new IllegalArgumentException("no HTTP client called " + name);
        }
    }

    /** One exporter with its client, its threads and what its transport counted. */
    private static final class Candidate {
        final String name;
        final XRayExporter exporter;
        final Tracer tracer;
        final Set<Long> threads = new HashSet<>();
        final AtomicLong calls = new AtomicLong();
        final AtomicLong documents = new AtomicLong();
        final List<Window> curve = new ArrayList<>();
        final List<Window> measured = new ArrayList<>();

        Candidate(String name, TelemetryConfig config, ExportTiming timing, SdkHttpClient http) {
            this.name = name;
            ExportLog log = new ExportLog(config.secretAccessKey());
            this.exporter = new XRayExporter(config, "bench", timing, ExportQueue.DEFAULT_CAPACITY, Origin.EKS,
                    scheduler -> counting(XRayTransport.create(config, timing, "bench",
                            XRayCredentials.of(config, log, timing), scheduler, http)));
            this.tracer = new Tracer("bench", new Sampler(100), exporter.sink(), true, true, true);
        }

        private SegmentTransport counting(SegmentTransport transport) {
            return new SegmentTransport() {
                @Override
                public Delivery send(List<String> batch) {
                    Delivery d = transport.send(batch);
                    calls.incrementAndGet();
                    documents.addAndGet(d.sent);
                    return d;
                }

                @Override
                public void close() {
                    transport.close();
                }
            };
        }

        /** CPU and bytes allocated by this exporter's threads so far. */
        long[] usage(com.sun.management.ThreadMXBean mx) {
            long[] total = new long[2];
            for (long id : threads) {
                total[0] += Math.max(0, mx.getThreadCpuTime(id));
                total[1] += Math.max(0, mx.getThreadAllocatedBytes(id));
            }
            return total;
        }

        /** Warm: none of its last 3 windows went 5 % under the best of those before them. */
        boolean settled() {
            int n = curve.size();
            if (n < 6) {
                return false;
            }
            double before = Double.MAX_VALUE;
            for (int i = 0; i < n - 3; i++) {
                before = Math.min(before, curve.get(i).cpuPerDoc());
            }
            for (int i = n - 3; i < n; i++) {
                if (curve.get(i).cpuPerDoc() < before * 0.95) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class Window {
        long cpu;
        long allocated;
        long jvm;
        long documents;
        long calls;
        long lost;

        double cpuPerDoc() { return cpu / 1000.0 / Math.max(1, documents); }
        double jvmPerDoc() { return jvm / 1000.0 / Math.max(1, documents); }
        double cpuPerCall() { return cpu / 1000.0 / Math.max(1, calls); }
        double bytesPerDoc() { return allocated / (double) Math.max(1, documents); }
        double docsPerCall() { return documents / (double) Math.max(1, calls); }
    }

    /** A {@code /chain} request's spans: router, pipe, one backend call. */
    static final class HotRequest {
        static void make(Tracer tracer) {
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
    }

    /**
     * async-profiler, when {@code -Dbench.profile=<libasyncProfiler.so>} is given (and its jar is on
     * the class path): the measured windows only.
     */
    static void profiler(String command) {
        String lib = System.getProperty("bench.profile");
        if (lib == null) {
            return;
        }
        try {
            Class<?> type = Class.forName("one.profiler.AsyncProfiler");
            Object profiler = type.getMethod("getInstance", String.class).invoke(null, lib);
            type.getMethod("execute", String.class).invoke(profiler, command);
        } catch (ReflectiveOperationException e) {
            System.out.println("profiler: " + e);
        }
    }

    private static double median(List<Window> ws, java.util.function.ToDoubleFunction<Window> f) {
        double[] v = ws.stream().mapToDouble(f).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    private static double min(List<Window> ws, java.util.function.ToDoubleFunction<Window> f) {
        return ws.stream().mapToDouble(f).min().orElse(Double.NaN);
    }

    private static double max(List<Window> ws, java.util.function.ToDoubleFunction<Window> f) {
        return ws.stream().mapToDouble(f).max().orElse(Double.NaN);
    }

    private static Set<Long> threadIds() {
        Set<Long> ids = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            ids.add(t.getId());
        }
        return ids;
    }

    static String loadAverage() {
        try {
            return new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("/proc/loadavg")),
                    StandardCharsets.US_ASCII).substring(0, 14).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    // --- the X-Ray stand-in, in a JVM of its own

    static Process startReceiver() throws Exception {
        String java = Paths.javaBinary();
        // nodelay: the JDK server writes an answer in two segments, which Nagle and delayed ACKs
        // would hold 40 ms each call (CPU is what is measured, but the senders would be held).
        return new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dsun.net.httpserver.nodelay=true", "-cp", System.getProperty("java.class.path"),
                ExporterCpuBench.class.getName(), "receiver").redirectErrorStream(true).start();
    }

    static int receiverPort(Process receiver) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(receiver.getInputStream(), StandardCharsets.US_ASCII));
        String line = out.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            throw new IllegalStateException("the receiver said " + line);
        }
        return Integer.parseInt(line.substring(5).trim());
    }

    /** Answers every call with X-Ray's success (nothing unprocessed) after reading the whole body. */
    private static void receiver() throws Exception {
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
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("PORT " + server.getAddress().getPort());
        System.out.flush();
        // Gone with the bench: its end of our stdin closes.
        while (System.in.read() >= 0) {
            // nothing to read
        }
        System.exit(0);
    }

    private static final class Paths {
        static String javaBinary() {
            return java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        }
    }
}
