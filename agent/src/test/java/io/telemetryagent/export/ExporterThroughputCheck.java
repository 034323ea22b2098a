package io.telemetryagent.export;

import io.telemetryagent.config.TelemetryConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether the exporter keeps up with X-Ray's default quota when each call takes as long as a real
 * region's: segments offered at a steady rate for a while, to a transport that answers each call
 * after a delay (no network, no SDK: the senders' concurrency alone is measured). Prints what was
 * sent and lost, and the calls' sizes.
 *
 * <p>{@code java -cp ... io.telemetryagent.export.ExporterThroughputCheck [segments/s] [seconds] [call ms]}
 */
public final class ExporterThroughputCheck {

    private ExporterThroughputCheck() {}

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2600;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long callMillis = args.length > 2 ? Long.parseLong(args[2]) : 50;
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        TelemetryConfig config = new TelemetryConfig("bench", 100, 1, true, true, true, "us-east-1", "1",
                false, "AKID", "secret", URI.create("http://127.0.0.1:9"));
        XRayExporter exporter = new XRayExporter(config, "bench", ExportTiming.of(1), ExportQueue.DEFAULT_CAPACITY,
                Origin.EKS, scheduler -> new SegmentTransport() {
                    @Override
                    public Delivery send(List<String> documents) {
                        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        try {
                            Thread.sleep(callMillis);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        inFlight.decrementAndGet();
                        calls.incrementAndGet();
                        return Delivery.delivered(documents.size());
                    }

                    @Override
                    public void close() {}
                });
        exporter.start();
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        int made = rate * seconds;
        for (int i = 0; i < made; i++) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            exporter.sink().offer(XRayExporterTest.segment());
        }
        long offeredIn = System.nanoTime() - start;
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (exporter.sent() + exporter.lost() < made && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        System.out.printf(Locale.ROOT, "%d segments offered in %.2f s (%.0f/s), each call %d ms: %d sent, %d lost"
                        + " (queue full %d), %d calls (%.1f documents per call), at most %d calls in flight%n",
                made, offeredIn / 1e9, made / (offeredIn / 1e9), callMillis, exporter.sent(), exporter.lost(),
                exporter.lost(LossReason.QUEUE_FULL), calls.get(), exporter.sent() / (double) Math.max(1, calls.get()),
                maxInFlight.get());
        exporter.shutdown();
    }
}
