package io.telemetryagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.hosts.DemoService;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.FaultyXRay;
import io.telemetryagent.testkit.FaultyXRay.Fault;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.XRayDaemonListener;
import io.telemetryagent.testkit.XRayReceiver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 18's fault matrix: for each way X-Ray can misbehave ({@link FaultyXRay} in front of a real
 * {@link XRayReceiver}), a DemoService host under a steady load of {@value #RATE} requests a second
 * goes through healthy, the fault, and recovery, and then exits. For each fault:
 * <ul>
 * <li>every request of the host answers 200, each after the first in under {@link #SLOWEST_REQUEST};</li>
 * <li>a segment made after recovery arrives within {@link #RESUMED} of it;</li>
 * <li>the agent's live objects ({@code io.telemetryagent.*} and the AWS SDK it carries, after a
 *     full GC, at the end of the fault) stay under {@link #AGENT_HEAP_BOUND}, and the host's whole
 *     live heap under {@link #HOST_HEAP_BOUND};</li>
 * <li>the exit line's counts are exact: sent = documents the receiver holds, sent + lost = segments
 *     made, every loss under the fault's reason; the WARN lines while losing named that reason and
 *     counted no more than the exit line.</li>
 * </ul>
 * The calls in flight are let finish before the fault begins (the host idles until everything made
 * arrived), so that no call is cut while the receiver holds its documents: the counts stay exact.
 */
@ExtendWith(HostOutputOnFailure.class)
@Execution(ExecutionMode.CONCURRENT)
class FaultMatrixTest {

    static final int RATE = 20;
    static final Duration SLOWEST_REQUEST = Duration.ofSeconds(2);
    static final Duration RESUMED = Duration.ofSeconds(15);
    static final long AGENT_HEAP_BOUND = 2L << 20;
    static final long HOST_HEAP_BOUND = 64L << 20;
    /** Long enough for each fault's losses to be counted: slow, drip and endless outlast a call's 30 s deadline. */
    static final Duration FAULT = Duration.ofSeconds(12);
    static final Duration LONG_FAULT = Duration.ofSeconds(34);

    /** Where each fault's segments must be counted: the reason's words in the agent's lines. */
    private static final Map<Fault, String> REASON = new EnumMap<>(Map.ofEntries(
            Map.entry(Fault.DOWN, "retries exhausted"),
            Map.entry(Fault.REFUSING, "retries exhausted"),
            Map.entry(Fault.SLOW, "retries exhausted"),
            Map.entry(Fault.DRIP, "retries exhausted"),
            Map.entry(Fault.ERROR_500, "retries exhausted"),
            Map.entry(Fault.THROTTLING_429, "throttled"),
            Map.entry(Fault.DENIED_403, "rejected by X-Ray"),
            Map.entry(Fault.GARBAGE_200, "retries exhausted"),
            Map.entry(Fault.CLOSE_MID_ANSWER, "retries exhausted"),
            Map.entry(Fault.ENDLESS_BODY, "retries exhausted")));

    private static final String REASONS = "queue full|no credentials|throttled|retries exhausted|rejected by X-Ray"
            + "|unprocessed by X-Ray|daemon unreachable|unwritable|shutdown";
    private static final Pattern BY_REASON = Pattern.compile("(?:\\(|; )(" + REASONS + ") (\\d+)");
    private static final Pattern EXIT = Pattern.compile("exporter stopped: (\\d+) segments? sent, (?:none lost|(\\d+) lost \\((.*)\\))");
    private static final Pattern LOSING = Pattern.compile("lost (\\d+) segments? since the last report \\((.*)\\); \\d+ lost and \\d+ sent in total");

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Fault.class, names = "HEALTHY", mode = EnumSource.Mode.EXCLUDE)
    void theHostIsNeverHurtAndEveryLossIsCounted(Fault fault) {
        String only = System.getProperty("faultMatrix.only");
        org.junit.jupiter.api.Assumptions.assumeTrue(only == null || List.of(only.split(",")).contains(fault.name()),
                "-DfaultMatrix.only=" + only);
        String reason = REASON.get(fault);
        try (XRayReceiver receiver = XRayReceiver.startNew(); FaultyXRay xray = FaultyXRay.inFrontOf(receiver)) {
            HostJvm host = HostJvm.builder(DemoService.class)
                    .config(Configs.toEndpoint(xray.endpoint()).serviceName("fault-" + fault.name().toLowerCase())).start();
            Load load = new Load(host);
            try {
                // Healthy: the SDK's client is made and the first call goes; then everything made arrives.
                load.first();
                receiver.awaitDocuments(1, Duration.ofSeconds(90));
                load.run("healthy", Duration.ofSeconds(2));
                receiver.awaitDocuments(load.made, Duration.ofSeconds(30));
                // The receiver holds a batch before it answers: let the last answer reach the agent.
                pause(500);

                xray.set(fault);
                load.run("fault", fault == Fault.SLOW || fault == Fault.DRIP || fault == Fault.ENDLESS_BODY ? LONG_FAULT : FAULT);
                String losing = host.awaitStderr(l -> l.contains("since the last report"), Duration.ofSeconds(5));
                long[] heap = liveHeap(host);

                xray.set(Fault.HEALTHY);
                long recovered = System.nanoTime();
                String after = HostJvm.marker("after-" + fault);
                long arrived = 0;
                while (System.nanoTime() - recovered < RESUMED.toNanos() + TimeUnit.SECONDS.toNanos(5)) {
                    load.one(after);
                    if (receiver.documents().stream().anyMatch(d -> after.equals(d.at("/http/request/user_agent").asText()))) {
                        arrived = System.nanoTime();
                        break;
                    }
                    pause(1000 / RATE);
                }
                load.run("after", Duration.ofSeconds(1));
                // SIGTERM as an operator sends it; the exit line is in the host's output after.
                host.close();

                String exit = host.agentLines().stream().filter(l -> l.contains("exporter stopped:")).findFirst()
                        .orElseThrow(() -> new AssertionError("no exit line\n" + host.describe()));
                long received = receiver.documents().stream().map(d -> d.path("id").asText()).distinct().count();
                String summary = fault + ": made " + load.made + ", received " + received + " (" + receiver.documents().size()
                        + " with repeats)"
                        + ", slowest request " + load.slowest + " ms, resumed "
                        + (arrived == 0 ? "never" : TimeUnit.NANOSECONDS.toMillis(arrived - recovered) + " ms")
                        + " after recovery, agent heap " + heap[0] + " B, host heap " + heap[1] + " B\n  " + losing + "\n  " + exit;
                System.out.println(summary);

                assertEquals(List.of(), load.failures, "host requests that failed or were slow; " + summary);
                assertTrue(arrived != 0, "no segment made after recovery arrived within " + RESUMED + "; " + summary);
                assertTrue(arrived - recovered <= RESUMED.toNanos(), "export resumed late; " + summary);
                assertTrue(heap[0] < AGENT_HEAP_BOUND, "agent heap over " + AGENT_HEAP_BOUND + "; " + summary);
                assertTrue(heap[1] < HOST_HEAP_BOUND, "host heap over " + HOST_HEAP_BOUND + "; " + summary);

                Matcher counts = EXIT.matcher(exit);
                assertTrue(counts.find(), exit);
                long sent = Long.parseLong(counts.group(1));
                long lost = counts.group(2) == null ? 0 : Long.parseLong(counts.group(2));
                assertEquals(received, sent, "sent = what the receiver holds; " + summary);
                assertEquals(load.made, sent + lost, "sent + lost = made; " + summary);
                Map<String, Long> exitReasons = byReason(counts.group(3) == null ? "" : "(" + counts.group(3));
                assertEquals(Set.of(reason), exitReasons.keySet(), "every loss under " + reason + "; " + summary);
                assertEquals(lost, exitReasons.get(reason), summary);

                Map<String, Long> said = new java.util.TreeMap<>();
                for (String line : host.agentLines()) {
                    Matcher m = LOSING.matcher(line);
                    if (m.find()) {
                        Map<String, Long> each = byReason("(" + m.group(2));
                        assertEquals(Long.parseLong(m.group(1)), each.values().stream().mapToLong(Long::longValue).sum(), line);
                        each.forEach((k, v) -> said.merge(k, v, Long::sum));
                    }
                }
                assertEquals(Set.of(reason), said.keySet(), "the WARN lines while losing; " + summary);
                assertTrue(said.get(reason) <= lost, "the WARN lines said " + said + ", the exit line " + lost);
                assertTrue(host.agentLines().stream().noneMatch(l -> l.contains(Configs.SECRET_ACCESS_KEY)));
                Support.assertOnlyAgentLinesOnStderr(host);
            } finally {
                host.close();
            }
        }
    }

    /**
     * Daemon mode's fault (issue 18): the daemon goes down (nothing listens on its port), then comes
     * back on the same port. The host is never hurt, and the counts are exact: each datagram the
     * kernel refused (ICMP port unreachable, reported on the next send) is lost as daemon
     * unreachable, and what the daemon received is what the exit line says was sent.
     */
    @org.junit.jupiter.api.Test
    void theDaemonDownIsCountedExactlyAsDaemonUnreachable() {
        XRayDaemonListener before = XRayDaemonListener.start();
        int port = before.port();
        XRayDaemonListener back = null;
        HostJvm host = HostJvm.builder(DemoService.class)
                .config(Configs.toEndpoint(null).serviceName("fault-daemon-down").remove("exporters.xray.region")
                        .remove("exporters.xray.access_key_id").remove("exporters.xray.secret_access_key"))
                .env("AWS_XRAY_DAEMON_ADDRESS", before.address()).start();
        Load load = new Load(host);
        try {
            load.first();
            before.awaitDocuments(d -> true, 1, Duration.ofSeconds(30));
            load.run("healthy", Duration.ofSeconds(2));
            // Everything made has arrived: no datagram waits unread in the socket that closes now.
            before.awaitDocuments(d -> true, load.made, Duration.ofSeconds(30));
            before.close();

            load.run("fault", FAULT);
            String losing = host.awaitStderr(l -> l.contains("since the last report"), Duration.ofSeconds(5));

            back = XRayDaemonListener.start(port);
            XRayDaemonListener daemon = back;
            long recovered = System.nanoTime();
            String after = HostJvm.marker("after-daemon-down");
            long arrived = 0;
            while (System.nanoTime() - recovered < RESUMED.toNanos() + TimeUnit.SECONDS.toNanos(5)) {
                load.one(after);
                if (daemon.documents().stream().anyMatch(d -> after.equals(d.at("/http/request/user_agent").asText()))) {
                    arrived = System.nanoTime();
                    break;
                }
                pause(1000 / RATE);
            }
            int madeBefore = load.made;
            load.run("after", Duration.ofSeconds(1));
            // Let the last datagrams be read before the exit line is compared with what arrived.
            back.awaitDocuments(d -> "after".equals(d.at("/http/request/user_agent").asText()), load.made - madeBefore,
                    Duration.ofSeconds(10));
            host.close();

            String exit = host.agentLines().stream().filter(l -> l.contains("exporter stopped:")).findFirst()
                    .orElseThrow(() -> new AssertionError("no exit line\n" + host.describe()));
            Set<String> ids = new java.util.HashSet<>();
            before.documents().forEach(d -> ids.add(d.path("id").asText()));
            back.documents().forEach(d -> ids.add(d.path("id").asText()));
            String summary = "daemon down: made " + load.made + ", received " + ids.size() + ", slowest request "
                    + load.slowest + " ms, resumed " + (arrived == 0 ? "never" : TimeUnit.NANOSECONDS.toMillis(arrived - recovered)
                    + " ms") + " after recovery\n  " + losing + "\n  " + exit;
            System.out.println(summary);

            assertEquals(List.of(), load.failures, "host requests that failed or were slow; " + summary);
            assertTrue(arrived != 0 && arrived - recovered <= RESUMED.toNanos(), "export resumed late; " + summary);
            Matcher counts = EXIT.matcher(exit);
            assertTrue(counts.find(), exit);
            long sent = Long.parseLong(counts.group(1));
            long lost = counts.group(2) == null ? 0 : Long.parseLong(counts.group(2));
            assertEquals(ids.size(), sent, "sent = what the daemon received; " + summary);
            assertEquals(load.made, sent + lost, "sent + lost = made; " + summary);
            Map<String, Long> exitReasons = byReason(counts.group(3) == null ? "" : "(" + counts.group(3));
            assertEquals(Set.of("daemon unreachable"), exitReasons.keySet(), summary);
            assertEquals(lost, exitReasons.get("daemon unreachable"), summary);
            assertTrue(lost > 0, "the fault lost something: " + summary);
            assertTrue(losing.contains("daemon unreachable") && losing.contains("ICMP port unreachable"), losing);
            assertEquals(List.of(), before.violations());
            assertEquals(List.of(), back.violations());
            Support.assertOnlyAgentLinesOnStderr(host);
        } finally {
            host.close();
            before.close();
            if (back != null) {
                back.close();
            }
        }
    }

    /** Segments counted by reason in {@code (reason n: detail; reason n: detail)}. */
    private static Map<String, Long> byReason(String text) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        Matcher m = BY_REASON.matcher(text);
        while (m.find()) {
            counts.merge(m.group(1), Long.parseLong(m.group(2)), Long::sum);
        }
        return counts;
    }

    /**
     * Bytes of live objects after a full GC ({@code jcmd GC.class_histogram}): [0] the agent's
     * ({@code io.telemetryagent.*}, and {@code software.amazon.*}, which only the agent loads in
     * DemoService), [1] the whole heap.
     */
    private static long[] liveHeap(HostJvm host) {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(host.pid()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            long agent = 0;
            long total = 0;
            for (String line : out.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].endsWith(":")) {
                    if (f[3].startsWith("io.telemetryagent.") || f[3].startsWith("software.amazon.")) {
                        agent += Long.parseLong(f[2]);
                    }
                } else if (f.length >= 3 && f[0].equals("Total")) {
                    total = Long.parseLong(f[2]);
                }
            }
            assertTrue(total > 0, "jcmd GC.class_histogram said:\n" + out);
            return new long[] {agent, total};
        } catch (IOException e) {
            throw new AssertionError("jcmd failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** The steady load: {@value #RATE} GET /hello a second, one after the other, each checked. */
    private static final class Load {
        final HostJvm host;
        final List<String> failures = new java.util.ArrayList<>();
        int made;
        long slowest;

        Load(HostJvm host) {
            this.host = host;
        }

        void run(String phase, Duration duration) {
            long end = System.nanoTime() + duration.toNanos();
            long next = System.nanoTime();
            while (next < end) {
                one(phase);
                next += TimeUnit.SECONDS.toNanos(1) / RATE;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    pause(TimeUnit.NANOSECONDS.toMillis(wait));
                }
            }
        }

        /** The host's first request (classes load, the SDK client is made): its status counts, not its time. */
        void first() {
            HttpResult result = host.get("/hello", Map.of("User-Agent", "first"));
            made++;
            if (result.status() != 200) {
                failures.add("first: " + result.status() + " " + result.body());
            }
        }

        void one(String userAgent) {
            HttpResult result = host.get("/hello", Map.of("User-Agent", userAgent));
            made++;
            slowest = Math.max(slowest, result.millis());
            if (result.status() != 200 || result.millis() > SLOWEST_REQUEST.toMillis()) {
                failures.add(userAgent + ": " + result.status() + " in " + result.millis() + " ms");
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
