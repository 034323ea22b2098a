package io.telemetryagent.bench;

import io.telemetryagent.config.TelemetryConfig;
import io.telemetryagent.export.LossReason;
import io.telemetryagent.export.XRayExporter;
import io.telemetryagent.trace.Sampler;
import io.telemetryagent.trace.Tracer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The exporter's cost per document, end to end: segments like a {@code /chain} request's (router,
 * pipe, one call) are offered at a steady rate to a real exporter, which writes them and sends
 * them with {@code PutTraceSegments} to the counting X-Ray receiver over local HTTP. Prints, per
 * measured window, the exporter thread's CPU per document and per call, and what arrived.
 *
 * <p>{@code java -cp benchmarks.jar io.telemetryagent.bench.ExportBench [docs per second] [seconds] [windows]}
 */
public final class ExportBench {

    private ExportBench() {}

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
            System.out.printf(Locale.ROOT, "export: %d documents/s offered, %d windows of %d s%n", rate, windows, seconds);
            for (int window = 0; window <= windows; window++) { // window 0 warms up
                Map<Long, long[]> before = exporterThreads(threads);
                long others0 = othersCpu(threads);
                long docs0 = sinks.xrayDocuments.get();
                long calls0 = sinks.xrayCalls.get();
                long sent0 = exporter.sent();
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
                long receiver = othersCpu(threads) - others0;
                long docs = sinks.xrayDocuments.get() - docs0;
                long calls = sinks.xrayCalls.get() - calls0;
                if (window > 0) {
                    System.out.printf(Locale.ROOT,
                            "window %d: offered %d, received %d in %d calls; exporter CPU %.1f µs per document, %.0f µs per call (%.0f%% in the kernel), %.1f%% of a core, %.0f B allocated per document; receiver %.1f µs per document%n",
                            window, offered, docs, calls, cpu / 1000.0 / Math.max(1, docs), cpu / 1000.0 / Math.max(1, calls),
                            100.0 * (cpu - user) / Math.max(1, cpu),
                            100.0 * cpu / (seconds * 1e9 + 1.5e9), allocated / (double) Math.max(1, docs), receiver / 1000.0 / Math.max(1, docs));
                }
                if (exporter.sent() - sent0 < offered * 9 / 10) {
                    System.out.printf("  (the exporter did not keep up: %d sent, %d lost: %d at the queue)%n",
                            exporter.sent() - sent0, exporter.lost(), exporter.lost(LossReason.QUEUE_FULL));
                }
            }
            exporter.shutdown();
        }
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

    /** CPU of every Java thread but the exporter's and this one: the receiver's server threads. */
    private static long othersCpu(com.sun.management.ThreadMXBean threads) {
        long total = 0;
        long self = Thread.currentThread().getId();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long id = t.getId();
            if (id != self && !isExporters(t.getName())) {
                total += Math.max(0, threads.getThreadCpuTime(id));
            }
        }
        return total;
    }
}
