package io.telemetryagent.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The overhead benchmark: the host apps (a JDK HttpServer, a Spring Boot app) under configurations
 * (no agent, ours at 100/5/0 %, the OpenTelemetry agent), alternated round by round in one sitting,
 * each measured for time to first response, throughput and latency under wrk, and peak RSS. Prints
 * one table per host: medians, and ratios against that host's no-agent baseline of the same run.
 *
 * <p>Arguments: {@code --agent <jar> --otel <jar> --classpath <JDK host cp> --boot-classpath <Boot
 * host cp> [--hosts jdk,boot] [--seconds 10] [--warmup 15] [--boot-warmup 30] [--warmup-max 180] [--configs 100,5,0,otel] [--rounds 3] [--connections 16] [--threads 2]
 * [--out <markdown file>]}. The JDK host also serves as the downstream of every {@code /chain}.
 */
public final class MacroBench {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /**
     * A host app: its name in the report, how to launch it ({@code java -cp classpath mainClass
     * port}), and the least seconds each endpoint warms up before it is measured.
     */
    record Host(String name, String mainClass, String classpath, int warmupSeconds) {}

    /** One configuration's figures from one round. */
    static final class Run {
        long startupMillis;
        double helloRps, helloP50, helloP99, chainRps, chainP50, chainP99;
        long peakRssKb;
        long requests;
        int helloWarmup, chainWarmup; // seconds each endpoint took to settle
        double jitShare; // of one core, taken by the compiler threads while measured
        double helloCpuMicros, chainCpuMicros; // the host's CPU per request, its JIT's left out
    }

    /** One configuration's rounds on one host, and what its exporter delivered over them. */
    static final class Figures {
        final List<Run> runs = new ArrayList<>();
        long xrayDocuments, otlpPosts, requests;
        double receiverCpu; // the highest share of the machine over the rounds
    }

    private final Map<String, String> options = new LinkedHashMap<>();
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    public static void main(String[] args) throws Exception {
        MacroBench bench = new MacroBench();
        for (int i = 0; i + 1 < args.length; i += 2) {
            bench.options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        bench.run();
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private void run() throws Exception {
        int seconds = Integer.parseInt(option("seconds", "10"));
        int rounds = Integer.parseInt(option("rounds", "3"));
        String classpath = option("classpath", System.getProperty("java.class.path"));
        List<Host> hosts = hosts(classpath);
        try (CountingSinks sinks = new CountingSinks()) {
            Process downstream = new ProcessBuilder(java, "-Dsun.net.httpserver.nodelay=true", "-cp", classpath, BenchHost.class.getName(), "0")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                runRounds(hosts, sinks, awaitReady(downstream), seconds, rounds);
            } finally {
                downstream.destroy();
            }
        }
    }

    /** Every round: every host under every configuration, in the same order each round. */
    private void runRounds(List<Host> hosts, CountingSinks sinks, int downstreamPort, int seconds, int rounds) throws Exception {
        String xray = "http://127.0.0.1:" + sinks.port();
        Map<String, List<String>> configs = new LinkedHashMap<>();
        configs.put("no agent", List.of());
        for (int rate : new int[] {100, 5, 0}) {
            configs.put("ours " + rate + "%", List.of("-javaagent:" + option("agent", "agent/target/telemetry-agent.jar"),
                    "-Dtelemetry.config={\"sample_rate\":" + rate + ",\"reporting_period\":1,\"service_name\":\"bench\","
                            + "\"exporters\":{\"xray\":{\"region\":\"us-east-1\",\"access_key_id\":\"AKIDBENCH\","
                            + "\"secret_access_key\":\"bench-secret\",\"endpoint\":\"" + xray + "\"}}}"));
        }
        if (options.containsKey("otel")) {
            configs.put("OpenTelemetry 100%", List.of("-javaagent:" + option("otel", ""),
                    "-Dotel.service.name=bench", "-Dotel.traces.exporter=otlp",
                    "-Dotel.exporter.otlp.protocol=http/protobuf", "-Dotel.exporter.otlp.endpoint=" + xray,
                    "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none", "-Dotel.bsp.schedule.delay=1000"));
        }
        if (options.containsKey("configs")) {
            // e.g. --configs none,0: the baseline is always kept.
            List<String> keep = List.of(option("configs", "").split(","));
            configs.keySet().removeIf(name -> !name.equals("no agent") && keep.stream().noneMatch(k ->
                    name.equals("ours " + k.trim() + "%") || (k.trim().equals("otel") && name.startsWith("Open"))));
        }
        Map<Host, Map<String, Figures>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            // Every other round runs the configurations in reverse, so that none always runs
            // first or last: this shared machine's speed drifts within a round by as much as the
            // differences measured (the same build at 0 % on the JDK host read 0.82x in a full
            // run and 1.03x in a run of it and the baseline alone, within the hour).
            List<Map.Entry<String, List<String>>> order = new ArrayList<>(configs.entrySet());
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            for (Host host : hosts) {
                for (Map.Entry<String, List<String>> config : order) {
                    long docsBefore = sinks.xrayDocuments.get();
                    long otlpBefore = sinks.otlpRequests.get();
                    long cpuBefore = cpuNanos();
                    long wallBefore = System.nanoTime();
                    Run r = measure(host, config.getValue(), downstreamPort, seconds);
                    Thread.sleep(2500); // let the last export arrive
                    double cpuShare = (cpuNanos() - cpuBefore) / (double) (System.nanoTime() - wallBefore)
                            / Runtime.getRuntime().availableProcessors();
                    Figures f = results.computeIfAbsent(host, h -> new LinkedHashMap<>())
                            .computeIfAbsent(config.getKey(), k -> new Figures());
                    f.runs.add(r);
                    f.xrayDocuments += sinks.xrayDocuments.get() - docsBefore;
                    f.otlpPosts += sinks.otlpRequests.get() - otlpBefore;
                    f.requests += r.requests;
                    f.receiverCpu = Math.max(f.receiverCpu, cpuShare);
                    System.err.printf(Locale.ROOT, "round %d %-14s %-20s startup %5d ms  hello %8.0f rps  chain %8.0f rps  rss %6d MB  warm-up %d/%d s  JIT %.0f%%  host CPU %.1f/%.1f µs per request%n",
                            round, host.name(), config.getKey(), r.startupMillis, r.helloRps, r.chainRps, r.peakRssKb / 1024,
                            r.helloWarmup, r.chainWarmup, r.jitShare * 100, r.helloCpuMicros, r.chainCpuMicros);
                }
            }
        }
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "Medians of %d rounds, hosts and configurations alternated (every other round in reverse order); wrk -t%s -c%s, %d s per endpoint after a warm-up of at least %s s each,"
                        + " until the JIT compiler threads used under %.0f%% of a core over %d s (at most %s s).%n",
                rounds, option("threads", "2"), option("connections", "16"), seconds, option("warmup", "15") + " (Spring Boot: " + option("boot-warmup", "30") + ")",
                SETTLED_SHARE * 100, SLICE_SECONDS, option("warmup-max", "180")));
        for (Map.Entry<Host, Map<String, Figures>> host : results.entrySet()) {
            report.append(System.lineSeparator()).append("### ").append(host.getKey().name()).append(System.lineSeparator())
                    .append(System.lineSeparator()).append(table(host.getValue()));
        }
        System.out.println(report);
        if (options.containsKey("out")) {
            Files.writeString(Path.of(option("out", "")), report);
        }
    }

    /** The hosts chosen with {@code --hosts} (default: all), in that order. */
    private List<Host> hosts(String classpath) {
        List<Host> hosts = new ArrayList<>();
        for (String key : option("hosts", "jdk,boot").split(",")) {
            switch (key.trim()) {
                case "jdk":
                    hosts.add(new Host("JDK HttpServer", BenchHost.class.getName(), classpath,
                            Integer.parseInt(option("warmup", "15"))));
                    break;
                case "boot":
                    if (!options.containsKey("boot-classpath")) {
                        throw new IllegalArgumentException("the boot host needs --boot-classpath "
                                + "(bench/target/telemetry-agent-bench-1.0.0.jar:bench/target/boot-libs/*), or choose --hosts jdk");
                    }
                    // By name: Spring is not on this JVM's classpath.
                    hosts.add(new Host("Spring Boot", "io.telemetryagent.bench.boot.BootHost", option("boot-classpath", ""),
                            Integer.parseInt(option("boot-warmup", "30"))));
                    break;
                default:
                    throw new IllegalArgumentException("unknown host '" + key + "' in --hosts (known: jdk, boot)");
            }
        }
        return hosts;
    }

    private Run measure(Host host, List<String> agentArgs, int downstreamPort, int seconds) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-Xmx256m");
        // The JDK HttpServer otherwise meets wrk with Nagle and delayed ACKs: 40 ms per request.
        command.add("-Dsun.net.httpserver.nodelay=true");
        // /chain's 16 concurrent callers against HttpURLConnection's default keep-alive cache of 5
        // connections: a varying share of calls opened a new connection (thousands in TIME_WAIT
        // after a run), and /chain measured connection churn as much as the host. Both hosts'
        // calls now reuse their connections, under every configuration.
        command.add("-Dhttp.maxConnections=32");
        // Compiler threads that come and go take their CPU figures with them; the warm-up reads those.
        command.add("-XX:-UseDynamicNumberOfCompilerThreads");
        command.addAll(agentArgs);
        command.add("-Ddownstream=http://127.0.0.1:" + downstreamPort + "/hello");
        command.add("-cp");
        command.add(host.classpath());
        command.add(host.mainClass());
        int port = freePort();
        command.add(String.valueOf(port));
        Run run = new Run();
        // The host's output goes to a file, so a chatty host never blocks on a full pipe and one
        // that dies can say why.
        Path log = Files.createTempFile("bench-host-", ".log");
        long launched = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            URI hello = URI.create("http://127.0.0.1:" + port + "/hello");
            while (true) {
                try {
                    if (CLIENT.send(HttpRequest.newBuilder(hello).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    if (!process.isAlive()) {
                        List<String> output = Files.readAllLines(log);
                        throw new IllegalStateException("host exited: " + command + "\n"
                                + String.join("\n", output.subList(Math.max(0, output.size() - 30), output.size())));
                    }
                    Thread.sleep(5);
                }
            }
            run.startupMillis = (System.nanoTime() - launched) / 1_000_000;
            String base = "http://127.0.0.1:" + port;
            // Warm-up until the JIT has settled. On two cores under full load the compiler threads
            // get little CPU, and how long they take to catch up varies from launch to launch: a
            // Spring Boot host measured after a fixed 60 s sometimes still had C2 using 30-45 % of
            // a core in the window, at half the throughput of a launch whose C2 had finished.
            // So each endpoint is loaded in slices until its compiler threads used under a tenth
            // of a core in the last slice (at least --warmup / --boot-warmup seconds, at most
            // --warmup-max); how long that took is reported, as an agent that keeps the JIT busy
            // for longer costs its users that too.
            long pid = process.pid();
            run.helloWarmup = warmUp(pid, base + "/hello", host.warmupSeconds());
            run.chainWarmup = warmUp(pid, base + "/chain", host.warmupSeconds());
            long jit0 = compilerTicks(pid);
            long cpu0 = processTicks(pid);
            double[] h = wrk(base + "/hello", seconds);
            long jit1 = compilerTicks(pid);
            long cpu1 = processTicks(pid);
            double[] c = wrk(base + "/chain", seconds);
            long jit2 = compilerTicks(pid);
            long cpu2 = processTicks(pid);
            run.jitShare = (jit2 - jit0) / (double) TICKS_PER_SECOND / (2.0 * seconds);
            // The host's CPU per request, its JIT compiler's left out: what the requests cost it,
            // less exposed than throughput to what else the machine was doing.
            run.helloCpuMicros = micros(cpu1 - cpu0 - (jit1 - jit0), h[3]);
            run.chainCpuMicros = micros(cpu2 - cpu1 - (jit2 - jit1), c[3]);
            run.helloRps = h[0];
            run.helloP50 = h[1];
            run.helloP99 = h[2];
            run.chainRps = c[0];
            run.chainP50 = c[1];
            run.chainP99 = c[2];
            run.requests = (long) (h[3] + c[3] * 2);
            run.peakRssKb = peakRssKb(process.pid());
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            process.destroyForcibly();
            Files.deleteIfExists(log);
        }
        return run;
    }

    /** The length of a warm-up slice, and the compiler CPU under which the JIT counts as settled. */
    private static final int SLICE_SECONDS = 5;
    private static final double SETTLED_SHARE = 0.10;
    /** Linux's USER_HZ: /proc reports thread CPU in these. */
    private static final int TICKS_PER_SECOND = 100;

    /**
     * Loads {@code url} for at least {@code minSeconds}, then on in slices until the host's JIT
     * compiler threads used under {@link #SETTLED_SHARE} of a core in the last slice, or until
     * {@code --warmup-max} seconds; returns the seconds it took.
     */
    private int warmUp(long pid, String url, int minSeconds) throws Exception {
        int max = Math.max(minSeconds, Integer.parseInt(option("warmup-max", "180")));
        int done = 0;
        if (minSeconds > SLICE_SECONDS) {
            wrk(url, minSeconds - SLICE_SECONDS);
            done = minSeconds - SLICE_SECONDS;
        }
        while (true) {
            long before = compilerTicks(pid);
            int slice = done < minSeconds ? Math.min(SLICE_SECONDS, minSeconds - done) : SLICE_SECONDS;
            wrk(url, slice);
            done += slice;
            double share = (compilerTicks(pid) - before) / (double) TICKS_PER_SECOND / slice;
            if ((done >= minSeconds && share < SETTLED_SHARE) || done >= max || before < 0) {
                return done;
            }
        }
    }

    private static double micros(long ticks, double requests) {
        return ticks < 0 || requests <= 0 ? Double.NaN : ticks * (1_000_000.0 / TICKS_PER_SECOND) / requests;
    }

    /** CPU ticks (user and system) of the whole process, from {@code /proc}; -1 where that cannot be read. */
    static long processTicks(long pid) {
        try {
            return statTicks(Path.of("/proc", String.valueOf(pid), "stat"));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime of a {@code /proc} stat file (fields 14 and 15, counted from the pid). */
    private static long statTicks(Path statFile) throws IOException {
        String stat = Files.readString(statFile);
        // After the parenthesised name (which may hold spaces), the state is field 3.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /**
     * CPU ticks of the JVM's JIT compiler threads ({@code C1/C2 CompilerThread}), from
     * {@code /proc}; -1 where that cannot be read (the warm-up is then the fixed minimum).
     */
    static long compilerTicks(long pid) {
        Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        long ticks = 0;
        try (var threads = Files.newDirectoryStream(tasks)) {
            for (Path task : threads) {
                try {
                    if (!Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        continue;
                    }
                    ticks += statTicks(task.resolve("stat"));
                } catch (IOException | RuntimeException gone) {
                    // a compiler thread that ended between the listing and the read
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return ticks;
    }

    /** {rps, p50 ms, p99 ms, requests} from {@code wrk --latency}. */
    private double[] wrk(String url, int seconds) throws Exception {
        Process wrk = new ProcessBuilder("wrk", "-t" + option("threads", "2"), "-c" + option("connections", "16"),
                "-d" + seconds + "s", "--latency", url).redirectErrorStream(true).start();
        double[] out = new double[4];
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(wrk.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                String t = line.trim();
                if (t.startsWith("Requests/sec:")) {
                    out[0] = Double.parseDouble(t.substring("Requests/sec:".length()).trim());
                } else if (t.startsWith("50%")) {
                    out[1] = millis(t.substring(3).trim());
                } else if (t.startsWith("99%")) {
                    out[2] = millis(t.substring(3).trim());
                } else if (t.contains("requests in")) {
                    out[3] = Double.parseDouble(t.substring(0, t.indexOf(' ')));
                }
            }
        }
        wrk.waitFor();
        return out;
    }

    private static double millis(String wrkDuration) {
        if (wrkDuration.endsWith("us")) {
            return Double.parseDouble(wrkDuration.substring(0, wrkDuration.length() - 2)) / 1000;
        } else if (wrkDuration.endsWith("ms")) {
            return Double.parseDouble(wrkDuration.substring(0, wrkDuration.length() - 2));
        } else if (wrkDuration.endsWith("s")) {
            return Double.parseDouble(wrkDuration.substring(0, wrkDuration.length() - 1)) * 1000;
        }
        return Double.NaN;
    }

    private static long peakRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static int awaitReady(Process process) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = reader.readLine()) != null; ) {
            if (line.startsWith("READY ")) {
                return Integer.parseInt(line.substring(6).trim());
            }
        }
        throw new IllegalStateException("process ended before READY");
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** One host's table: a row per configuration, ratios against that host's no-agent baseline. */
    private static String table(Map<String, Figures> results) {
        List<Run> base = results.get("no agent").runs;
        double baseStartup = median(base, r -> r.startupMillis);
        double baseHello = median(base, r -> r.helloRps);
        double baseChain = median(base, r -> r.chainRps);
        double baseRss = median(base, r -> r.peakRssKb);
        double baseHelloCpu = median(base, r -> r.helloCpuMicros);
        double baseChainCpu = median(base, r -> r.chainCpuMicros);
        StringBuilder b = new StringBuilder();
        b.append("| configuration | start-up ms (added) | /hello rps (× base) | /hello p50 / p99 ms | /chain rps (× base) | /chain p50 / p99 ms | peak RSS MB (added) | exported | receiver CPU | warm-up s /hello, /chain | JIT while measured | host CPU µs per request /hello, /chain (× base) |\n");
        b.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Map.Entry<String, Figures> e : results.entrySet()) {
            Figures f = e.getValue();
            List<Run> runs = f.runs;
            double startup = median(runs, r -> r.startupMillis);
            double hello = median(runs, r -> r.helloRps);
            double chain = median(runs, r -> r.chainRps);
            double rss = median(runs, r -> r.peakRssKb);
            String delivered = e.getKey().startsWith("ours") ? f.xrayDocuments + " docs / " + f.requests + " req"
                    : e.getKey().startsWith("Open") ? f.otlpPosts + " OTLP posts" : "-";
            b.append(String.format(Locale.ROOT, "| %s | %.0f (%+.0f) | %.0f (%.2f×) | %.2f / %.2f | %.0f (%.2f×) | %.2f / %.2f | %.0f (%+.0f) | %s | %.1f%% | %.0f, %.0f | %.0f%% of a core | %.1f (%.2f×), %.1f (%.2f×) |%n",
                    e.getKey(), startup, startup - baseStartup, hello, hello / baseHello,
                    median(runs, r -> r.helloP50), median(runs, r -> r.helloP99),
                    chain, chain / baseChain, median(runs, r -> r.chainP50), median(runs, r -> r.chainP99),
                    rss / 1024, (rss - baseRss) / 1024, delivered, f.receiverCpu * 100,
                    median(runs, r -> r.helloWarmup), median(runs, r -> r.chainWarmup), median(runs, r -> r.jitShare) * 100,
                    median(runs, r -> r.helloCpuMicros), median(runs, r -> r.helloCpuMicros) / baseHelloCpu,
                    median(runs, r -> r.chainCpuMicros), median(runs, r -> r.chainCpuMicros) / baseChainCpu));
        }
        return b.toString();
    }
}
