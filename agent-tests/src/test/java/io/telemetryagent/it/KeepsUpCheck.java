package io.telemetryagent.it;

import com.example.hosts.DemoService;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.XRayReceiver;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the exporter keeps up with X-Ray's default quota end to end (issue 15 item 3): a
 * DemoService host with the agent at {@code sample_rate} 100, requests to {@code /hello} offered
 * at a steady rate (each one segment), exporting to a receiver that answers every call after
 * 50 ms as a real region's latency does. Prints what was offered, what the host answered, what
 * arrived, the agent's own exit line (sent and lost by reason), the calls' sizes and how many were
 * in flight at once. A check to run by hand, not a test: its figures depend on the machine.
 *
 * <p>{@code java -cp <agent-tests test class path> -Dagent.jar=... io.telemetryagent.it.KeepsUpCheck
 * [requests/s] [seconds] [answer delay ms]}
 */
public final class KeepsUpCheck {

    private KeepsUpCheck() {}

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2600;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long delay = args.length > 2 ? Long.parseLong(args[2]) : 50;
        try (XRayReceiver receiver = XRayReceiver.builder().answerDelay(Duration.ofMillis(delay)).start()) {
            HostJvm host = HostJvm.builder(DemoService.class)
                    .config(Configs.to(receiver).serviceName("keeps-up").sampleRate(100).reportingPeriod(1))
                    .jvmDefaults()
                    .start();
            try {
                // The first segment has the SDK's client made; then the host and agent warm up at the rate.
                get(host.url("/hello"));
                receiver.awaitDocuments(1, Duration.ofSeconds(90));
                Load warm = Load.run(host.url("/hello"), rate, 5);
                try {
                    receiver.awaitDocuments(warm.ok.intValue() + 1, Duration.ofSeconds(30));
                } catch (AssertionError notAll) {
                    System.out.println("not every warm-up segment arrived");
                }
                Thread.sleep(2 * delay + 1000);
                receiver.clear();
                System.out.printf(Locale.ROOT, "keeps up: %d requests/s to /hello for %d s, sample_rate 100, X-Ray answering after %d ms;"
                        + " warm-up %d requests (%d answered); load %s%n", rate, seconds, delay, warm.made.get(), warm.ok.get(), loadAverage());

                Load load = Load.run(host.url("/hello"), rate, seconds);
                try {
                    receiver.awaitDocuments(load.ok.intValue(), Duration.ofSeconds(30));
                } catch (AssertionError notAll) {
                    System.out.println("not everything arrived within 30 s; the agent's lines say why");
                }
                Thread.sleep(2 * delay + 1000);
                ProcessHandle.of(host.pid()).ifPresent(ProcessHandle::destroy);
                host.awaitExit(Duration.ofSeconds(20));

                List<XRayReceiver.ReceivedRequest> calls = receiver.requests();
                long documents = receiver.documents().stream().map(d -> d.path("id").asText()).distinct().count();
                long docsInCalls = calls.stream().mapToLong(XRayReceiver.ReceivedRequest::documentCount).sum();
                System.out.printf(Locale.ROOT, "offered %d in %.1f s (%.0f/s), answered 200: %d, failed %d%n",
                        load.made.get(), load.elapsedSeconds, load.made.get() / load.elapsedSeconds, load.ok.get(), load.failed.get());
                System.out.printf(Locale.ROOT, "received %d distinct segments (%.0f/s) in %d calls, %.1f documents per call,"
                        + " at most %d calls in flight (arrivals within %d ms of each other)%n",
                        documents, documents / load.elapsedSeconds, calls.size(), docsInCalls / (double) Math.max(1, calls.size()),
                        inFlight(calls, delay), delay);
                System.out.println("agent: " + host.agentLines().stream().filter(l -> l.contains("exporter stopped:"))
                        .findFirst().orElse("(no exit line)"));
                host.agentLines().stream().filter(l -> l.contains("since the last report")).forEach(l -> System.out.println("agent: " + l));
                System.out.printf(Locale.ROOT, "every segment exported: %s (load %s)%n", documents == load.ok.get() ? "yes" : "NO", loadAverage());
            } finally {
                host.close();
            }
        }
    }

    /** The most calls whose arrival fell within one answer delay of each other: held by the receiver at once. */
    private static int inFlight(List<XRayReceiver.ReceivedRequest> calls, long delay) {
        List<Long> at = new ArrayList<>();
        for (XRayReceiver.ReceivedRequest call : calls) {
            at.add(call.receivedAtMillis());
        }
        at.sort(null);
        int most = 0;
        for (int i = 0, j = 0; i < at.size(); i++) {
            while (at.get(i) - at.get(j) >= delay) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        return most;
    }

    /** Requests offered at a steady rate by a few threads, each keeping its own schedule (an open loop). */
    private static final class Load {
        static final int THREADS = 8;
        final AtomicLong made = new AtomicLong();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        double elapsedSeconds;

        static Load run(String url, int rate, int seconds) throws InterruptedException {
            Load load = new Load();
            long start = System.nanoTime();
            long interval = TimeUnit.SECONDS.toNanos(1) * THREADS / rate;
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long offset = interval * t / THREADS;
                Thread thread = new Thread(() -> {
                    for (long due = start + offset; due < end; due += interval) {
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            try {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                        load.made.incrementAndGet();
                        if (get(url) == 200) {
                            load.ok.incrementAndGet();
                        } else {
                            load.failed.incrementAndGet();
                        }
                    }
                }, "load-" + t);
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            load.elapsedSeconds = (System.nanoTime() - start) / 1e9;
            return load;
        }
    }

    private static int get(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
            connection.setConnectTimeout(5000);
            connection.setReadTimeout(5000);
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            return status;
        } catch (Exception e) {
            return -1;
        }
    }

    private static String loadAverage() {
        try {
            return new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("/proc/loadavg"))).substring(0, 14).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
