package io.telemetryagent.bench;

import io.telemetryagent.config.TelemetryConfig;
import io.telemetryagent.export.LossReason;
import io.telemetryagent.export.XRayExporter;
import io.telemetryagent.trace.Sampler;
import io.telemetryagent.trace.Tracer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The exporter's cost per document, end to end: segments like a {@code /chain} request's (router,
 * pipe, one call) are offered at a steady rate to a real exporter, which writes them and sends
 * them with {@code PutTraceSegments} to the counting X-Ray receiver over local HTTP. Windows go
 * on until the figure stops falling (the curve is printed), then prints, per measured window, the
 * exporter threads' CPU per document and per call, and what arrived.
 *
 * <p>{@code java -cp benchmarks.jar io.telemetryagent.bench.ExportBench [docs per second] [seconds] [windows]}
 */
public final class ExportBench {

    private ExportBench() {}

    /** Warm-up windows at most, when the figure keeps falling. */
    private static final int MAX_WARMUP_WINDOWS = 30;

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int windows = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (CountingSinks sinks = new CountingSinks()) {
            TelemetryConfig config = new TelemetryConfig("bench", 100, 1, true, true, true, "us-east-1", "1.0", false,
                    "AKIDBENCHEXPORT", "bench-export-secret", URI.create("http://127.0.0.1:" + sinks.port()));
            XRayExporter exporter = new XRayExporter(config, "bench");
            Tracer tracer = new Tracer("bench", new Sampler(100), exporter.sink(), true, true, true);
            exporter.start();
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            System.out.printf(Locale.ROOT, "export: %d documents/s offered, windows of %d s: warm-up until the CPU per"
                    + " document stops falling (at most %d windows), then %d measured%n", rate, seconds, MAX_WARMUP_WINDOWS, windows);
            // The warm-up's curve: the SDK's per-call paths are compiled only after thousands of
            // calls, which take minutes at 50 documents a call.
            List<Double> curve = new ArrayList<>();
            StringBuilder shown = new StringBuilder("warm-up, µs per document:");
            while (!settled(curve) && curve.size() < MAX_WARMUP_WINDOWS) {
                double perDocument = window(exporter, tracer, sinks, threads, rate, seconds, -1);
                curve.add(perDocument);
                shown.append(String.format(Locale.ROOT, " %.1f", perDocument));
            }
            System.out.println(shown);
            for (int window = 1; window <= windows; window++) {
                window(exporter, tracer, sinks, threads, rate, seconds, window);
            }
            exporter.shutdown();
        }
    }

    /** Warm: none of the last 3 windows went 5 % under the best of those before them. */
    private static boolean settled(List<Double> curve) {
        int n = curve.size();
        if (n < 6) {
            return false;
        }
        double before = Double.MAX_VALUE;
        for (int i = 0; i < n - 3; i++) {
            before = Math.min(before, curve.get(i));
        }
        for (int i = n - 3; i < n; i++) {
            if (curve.get(i) < before * 0.95) {
                return false;
            }
        }
        return true;
    }

    /** One window; prints its figures when {@code number} is positive. Returns the exporter's CPU per document (µs). */
    private static double window(XRayExporter exporter, Tracer tracer, CountingSinks sinks,
                                 com.sun.management.ThreadMXBean threads, int rate, int seconds, int number)
            throws InterruptedException {
        Map<Long, long[]> before = exporterThreads(threads);
        Map<Long, long[]> others0 = othersCpu(threads);
        long docs0 = sinks.xrayDocuments.get();
        long calls0 = sinks.xrayCalls.get();
        long sent0 = exporter.sent();
        long lost0 = exporter.lost();
        long start = System.nanoTime();
        long offered = 0;
        long end = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
            while (offered < due) {
                HotPathBenchmarks.request(tracer); // a /chain request's spans
                offered++;
            }
            Thread.sleep(1);
        }
        Thread.sleep(1500); // let the last period's batch go
        long[] spent = since(before, exporterThreads(threads));
        long cpu = spent[0];
        long user = spent[1];
        long allocated = spent[2];
        long receiver = since(others0, othersCpu(threads))[0];
        long docs = sinks.xrayDocuments.get() - docs0;
        long calls = sinks.xrayCalls.get() - calls0;
        if (number > 0) {
            System.out.printf(Locale.ROOT,
                    "window %d: offered %d, received %d in %d calls; exporter CPU %.1f µs per document, %.0f µs per call (%.0f%% in the kernel), %.1f%% of a core, %.0f B allocated per document; receiver %.1f µs per document%n",
                    number, offered, docs, calls, cpu / 1000.0 / Math.max(1, docs), cpu / 1000.0 / Math.max(1, calls),
                    100.0 * (cpu - user) / Math.max(1, cpu),
                    100.0 * cpu / (seconds * 1e9 + 1.5e9), allocated / (double) Math.max(1, docs), receiver / 1000.0 / Math.max(1, docs));
        }
        if (exporter.sent() - sent0 < offered * 9 / 10) {
            System.out.printf("  (the exporter did not keep up: %d sent, %d lost: %d at the queue)%n",
                    exporter.sent() - sent0, exporter.lost() - lost0, exporter.lost(LossReason.QUEUE_FULL));
        }
        return cpu / 1000.0 / Math.max(1, docs);
    }

    /**
     * The exporter's threads: the agent's own (its writer and senders, named telemetry-agent-*) and
     * the AWS SDK's (sdk-*, its time-out scheduler), which work for it alone in this process.
     */
    private static boolean isExporters(String name) {
        return name.startsWith("telemetry-agent-") || name.startsWith("sdk-");
    }

    /** CPU, user CPU and bytes allocated so far, per exporter thread. */
    private static Map<Long, long[]> exporterThreads(com.sun.management.ThreadMXBean threads) {
        Map<Long, long[]> figures = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (isExporters(t.getName())) {
                long id = t.getId();
                figures.put(id, new long[] {Math.max(0, threads.getThreadCpuTime(id)),
                        Math.max(0, threads.getThreadUserTime(id)), Math.max(0, threads.getThreadAllocatedBytes(id))});
            }
        }
        return figures;
    }

    /** What the exporter's threads spent between two readings; a thread new since the first counts from zero. */
    private static long[] since(Map<Long, long[]> before, Map<Long, long[]> after) {
        long[] total = new long[3];
        for (Map.Entry<Long, long[]> e : after.entrySet()) {
            long[] was = before.getOrDefault(e.getKey(), new long[3]);
            for (int i = 0; i < 3; i++) {
                total[i] += e.getValue()[i] - was[i];
            }
        }
        return total;
    }

    /**
     * CPU of every Java thread but the exporter's and this one, per thread: the receiver's server
     * threads. A thread that ended meanwhile drops out of both readings (its last CPU is not
     * counted), rather than making the difference negative.
     */
    private static Map<Long, long[]> othersCpu(com.sun.management.ThreadMXBean threads) {
        Map<Long, long[]> figures = new HashMap<>();
        long self = Thread.currentThread().getId();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long id = t.getId();
            if (id != self && !isExporters(t.getName())) {
                figures.put(id, new long[] {Math.max(0, threads.getThreadCpuTime(id)), 0, 0});
            }
        }
        return figures;
    }
}
