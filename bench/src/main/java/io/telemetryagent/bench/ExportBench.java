package io.telemetryagent.bench;

import io.telemetryagent.config.TelemetryConfig;
import io.telemetryagent.export.XRayExporter;
import io.telemetryagent.trace.Sampler;
import io.telemetryagent.trace.Tracer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.util.Locale;

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
            long exporterThread = -1;
            System.out.printf(Locale.ROOT, "export: %d documents/s offered, %d windows of %d s%n", rate, windows, seconds);
            for (int window = 0; window <= windows; window++) { // window 0 warms up
                long cpu0 = -1;
                long user0 = -1;
                long alloc0 = -1;
                long others0 = othersCpu(threads, exporterThread);
                long docs0 = sinks.xrayDocuments.get();
                long calls0 = sinks.xrayCalls.get();
                long sent0 = exporter.sent();
                long start = System.nanoTime();
                long offered = 0;
                long end = start + seconds * 1_000_000_000L;
                while (System.nanoTime() < end) {
                    if (exporterThread < 0) {
                        exporterThread = find("telemetry-agent-exporter");
                    }
                    if (cpu0 < 0 && exporterThread >= 0) {
                        cpu0 = threads.getThreadCpuTime(exporterThread);
                        user0 = threads.getThreadUserTime(exporterThread);
                        alloc0 = threads.getThreadAllocatedBytes(exporterThread);
                    }
                    long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                    while (offered < due) {
                        HotPathBenchmarks.request(tracer); // a /chain request's spans
                        offered++;
                    }
                    Thread.sleep(1);
                }
                Thread.sleep(1500); // let the last period's batch go
                long cpu = threads.getThreadCpuTime(exporterThread) - Math.max(0, cpu0);
                long user = threads.getThreadUserTime(exporterThread) - Math.max(0, user0);
                long allocated = threads.getThreadAllocatedBytes(exporterThread) - Math.max(0, alloc0);
                long receiver = othersCpu(threads, exporterThread) - others0;
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
                    System.out.printf("  (the exporter did not keep up: %d sent, %d dropped at the queue)%n",
                            exporter.sent() - sent0, exporter.droppedQueueFull());
                }
            }
            exporter.shutdown();
        }
    }

    /** CPU of every Java thread but the exporter and this one: the receiver's server threads. */
    private static long othersCpu(ThreadMXBean threads, long exporterThread) {
        long total = 0;
        long self = Thread.currentThread().getId();
        for (long id : threads.getAllThreadIds()) {
            if (id != self && id != exporterThread) {
                total += Math.max(0, threads.getThreadCpuTime(id));
            }
        }
        return total;
    }

    private static long find(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return t.getId();
            }
        }
        return -1;
    }
}
