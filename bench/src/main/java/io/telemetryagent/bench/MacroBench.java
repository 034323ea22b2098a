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
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The overhead benchmark: the host apps (a JDK HttpServer, a Spring Boot app) under configurations
 * (no agent, ours at 100/5/0 % and at 100 % in daemon mode, the OpenTelemetry agent), in one sitting. Each round launches every
 * configuration's host (its time to first response), warms each until its JIT has settled, and
 * then measures them in short windows taken in turn, all hosts kept running: for each endpoint, a
 * cycle gives every configuration one window of wrk load, and each configuration's throughput and
 * CPU per request is set against the baseline's window of the same cycle. The order rotates from
 * cycle to cycle, so every configuration takes every place in it. Prints one table per host: the
 * median of those paired ratios with their quartiles, the medians of the raw figures, peak RSS and
 * what each exporter delivered.
 *
 * <p>Why windows in turn, not one configuration after another: this shared machine's speed drifts
 * by as much as the differences measured (the same no-agent host served 53-57k rps in one run and
 * 62-67k ten minutes later). Ten seconds per configuration with minutes between them compared
 * minutes; a cycle compares about half a minute.
 *
 * <p>Arguments: {@code --agent <jar> --otel <jar> --classpath <JDK host cp> --boot-classpath <Boot
 * host cp> [--before <earlier agent jar>] [--hosts jdk,boot] [--configs 100,5,0,otel,before] [--rounds 2] [--cycles <configurations,
 * at least 4>] [--seconds 5] [--warmup 15] [--boot-warmup 30] [--warmup-max 180] [--connections
 * 16] [--threads 2] [--out <markdown file>] [--profiler <libasyncProfiler.so> [--profile-out <file>]]}.
 * {@code --seconds} is one window's length. The JDK host also serves as the downstream of every
 * {@code /chain}. With {@code --profiler}, each round ends with one profiled window per endpoint
 * for each of our configurations (see {@link AgentShare}), and {@code --profile-out} gets the
 * agent's methods that took most in each.
 */
public final class MacroBench {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** The endpoints measured, in this order within a cycle. */
    private static final List<String> ENDPOINTS = List.of("/hello", "/chain");

    /**
     * After each window, before the next one starts: long enough for the window's last exports to
     * arrive (both agents export every second), so that they count to the window that made them.
     */
    private static final long SETTLE_MILLIS = 2000;

    /**
     * A host app: its name in the report, how to launch it ({@code java -cp classpath mainClass
     * port}), and the least seconds each endpoint warms up before it is measured.
     */
    record Host(String name, String mainClass, String classpath, int warmupSeconds) {}

    /** A host launched under one configuration, running through a round. */
    static final class Live {
        final Process process;
        final Path log;
        long pid;
        String base;
        long startupMillis;

        Live(Process process, Path log) {
            this.process = process;
            this.log = log;
        }
    }

    /** One window of load on one endpoint of one live host, and what it cost and exported. */
    record Window(double rps, double p50, double p99, double requests, double cpuMicrosPerRequest,
                  double bytesPerRequest, long jitTicks, double seconds, long xrayDocuments, long otlpPosts,
                  double receiverShare) {}

    /** One configuration's figures on one host, over every round. */
    static final class Figures {
        final List<Double> startupMillis = new ArrayList<>();
        final List<Double> peakRssKb = new ArrayList<>();
        /** Per endpoint: the seconds its warm-up took, one per launch. */
        final Map<String, List<Double>> warmups = new LinkedHashMap<>();
        final Map<String, List<Window>> windows = new LinkedHashMap<>();
        /** Per endpoint: throughput, and CPU per request, over the baseline's in the same cycle. */
        final Map<String, List<Double>> rpsRatios = new LinkedHashMap<>();
        final Map<String, List<Double>> cpuRatios = new LinkedHashMap<>();
        /** Per endpoint: the agent's own share of the host's CPU, one per profiled window. */
        final Map<String, List<Double>> agentShares = new LinkedHashMap<>();

        List<Window> windows(String endpoint) {
            return windows.computeIfAbsent(endpoint, e -> new ArrayList<>());
        }
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
        String classpath = option("classpath", System.getProperty("java.class.path"));
        List<Host> hosts = hosts(classpath);
        try (CountingSinks sinks = new CountingSinks()) {
            Process downstream = new ProcessBuilder(java, "-Dsun.net.httpserver.nodelay=true", "-cp", classpath, BenchHost.class.getName(), "0")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                runRounds(hosts, sinks, awaitReady(downstream));
            } finally {
                downstream.destroy();
            }
        }
    }

    private Map<String, List<String>> configs(CountingSinks sinks) {
        String xray = "http://127.0.0.1:" + sinks.port();
        Map<String, List<String>> configs = new LinkedHashMap<>();
        configs.put("no agent", List.of());
        for (int rate : new int[] {100, 5, 0}) {
            configs.put("ours " + rate + "%", List.of("-javaagent:" + option("agent", "agent/target/telemetry-agent.jar"),
                    "-Dtelemetry.config={\"sample_rate\":" + rate + ",\"reporting_period\":1,\"service_name\":\"bench\","
                            + "\"exporters\":{\"xray\":{\"region\":\"us-east-1\",\"access_key_id\":\"AKIDBENCH\","
                            + "\"secret_access_key\":\"bench-secret\",\"endpoint\":\"" + xray + "\"}}}"));
        }
        // Daemon mode: each document a UDP datagram to a local daemon stand-in, no X-Ray client.
        configs.put("ours 100% daemon", List.of("-javaagent:" + option("agent", "agent/target/telemetry-agent.jar"),
                "-Dtelemetry.config={\"sample_rate\":100,\"reporting_period\":1,\"service_name\":\"bench\","
                        + "\"exporters\":{\"xray\":{\"daemon_address\":\"127.0.0.1:" + sinks.daemonPort() + "\"}}}"));
        if (options.containsKey("before")) {
            // An earlier build of the agent, measured in the same sitting as this one.
            for (int rate : new int[] {100, 0}) {
                configs.put("before " + rate + "%", List.of("-javaagent:" + option("before", ""),
                        "-Dtelemetry.config={\"sample_rate\":" + rate + ",\"reporting_period\":1,\"service_name\":\"bench\","
                                + "\"exporters\":{\"xray\":{\"region\":\"us-east-1\",\"access_key_id\":\"AKIDBENCH\","
                                + "\"secret_access_key\":\"bench-secret\",\"endpoint\":\"" + xray + "\"}}}"));
            }
        }
        if (options.containsKey("otel")) {
            configs.put("OpenTelemetry 100%", List.of("-javaagent:" + option("otel", ""),
                    "-Dotel.service.name=bench", "-Dotel.traces.exporter=otlp",
                    "-Dotel.exporter.otlp.protocol=http/protobuf", "-Dotel.exporter.otlp.endpoint=" + xray,
                    "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none", "-Dotel.bsp.schedule.delay=1000"));
        }
        if (options.containsKey("configs")) {
            // e.g. --configs 0: the baseline is always kept.
            List<String> keep = List.of(option("configs", "").split(","));
            configs.keySet().removeIf(name -> !name.equals("no agent") && keep.stream().noneMatch(k ->
                    name.equals("ours " + k.trim() + "%") || (k.trim().equals("otel") && name.startsWith("Open"))
                    || (k.trim().equals("daemon") && name.equals("ours 100% daemon"))
                    || (k.trim().equals("before") && name.startsWith("before "))));
        }
        return configs;
    }

    private void runRounds(List<Host> hosts, CountingSinks sinks, int downstreamPort) throws Exception {
        if (options.containsKey("profile-out")) {
            Files.deleteIfExists(Path.of(option("profile-out", "")));
        }
        Map<String, List<String>> configs = configs(sinks);
        int seconds = Integer.parseInt(option("seconds", "5"));
        int rounds = Integer.parseInt(option("rounds", "2"));
        int cycles = Integer.parseInt(option("cycles", String.valueOf(Math.max(4, configs.size()))));
        Map<Host, Map<String, Figures>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            List<String> order = new ArrayList<>(configs.keySet());
            if (round % 2 == 0) {
                Collections.reverse(order); // launched and warmed in the other order too
            }
            for (Host host : hosts) {
                Map<String, Figures> figures = results.computeIfAbsent(host, h -> new LinkedHashMap<>());
                for (String config : configs.keySet()) {
                    figures.computeIfAbsent(config, c -> new Figures());
                }
                runRound(round, host, order, configs, figures, sinks, downstreamPort, seconds, cycles);
            }
        }
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "%d round(s) per host. Each round launched every configuration (start-up: launch to first response),"
                        + " warmed each endpoint of each for at least %s s, until its JIT compiler threads used under %.0f%% of a core"
                        + " over %d s (at most %s s), then ran %d cycles per endpoint, each a %d s window of wrk -t%s -c%s per configuration"
                        + " in rotating order, all hosts running. Ratios (× base) are medians over the cycles of each window against"
                        + " the no-agent window of the same cycle, [first–third quartile]; other figures are medians of the windows.%n",
                rounds, option("warmup", "15") + " (Spring Boot: " + option("boot-warmup", "30") + ")",
                SETTLED_SHARE * 100, SLICE_SECONDS, option("warmup-max", "180"), cycles, seconds,
                option("threads", "2"), option("connections", "16")));
        for (Map.Entry<Host, Map<String, Figures>> host : results.entrySet()) {
            report.append(System.lineSeparator()).append("### ").append(host.getKey().name()).append(System.lineSeparator())
                    .append(System.lineSeparator()).append(table(host.getValue()));
        }
        System.out.println(report);
        if (options.containsKey("out")) {
            Files.writeString(Path.of(option("out", "")), report);
        }
    }

    /** One round on one host: launch and warm every configuration, then the cycles of windows. */
    private void runRound(int round, Host host, List<String> order, Map<String, List<String>> configs,
                          Map<String, Figures> figures, CountingSinks sinks, int downstreamPort, int seconds, int cycles)
            throws Exception {
        Map<String, Live> live = new LinkedHashMap<>();
        try {
            for (String config : order) {
                Live l = launch(host, config, configs.get(config), downstreamPort);
                live.put(config, l);
                figures.get(config).startupMillis.add((double) l.startupMillis);
            }
            // Warm-up until the JIT has settled. On two cores under full load the compiler threads
            // get little CPU, and how long they take to catch up varies from launch to launch: a
            // Spring Boot host measured after a fixed 60 s sometimes still had C2 using 30-45 % of
            // a core in the window, at half the throughput of a launch whose C2 had finished.
            // So each endpoint is loaded in slices until its compiler threads used under a tenth
            // of a core in the last slice (at least --warmup / --boot-warmup seconds, at most
            // --warmup-max); how long that took is reported, as an agent that keeps the JIT busy
            // for longer costs its users that too.
            for (String config : order) {
                Live l = live.get(config);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d %-14s %-20s started in %5d ms, warmed up",
                        round, host.name(), config, l.startupMillis));
                for (String endpoint : ENDPOINTS) {
                    int took = warmUp(l.pid, l.base + endpoint, host.warmupSeconds());
                    figures.get(config).warmups.computeIfAbsent(endpoint, e -> new ArrayList<>()).add((double) took);
                    line.append(' ').append(took).append(" s ").append(endpoint);
                }
                System.err.println(line);
            }
            for (int cycle = 0; cycle < cycles; cycle++) {
                // Cycle k starts at the k-th configuration: every configuration takes every place.
                List<String> turn = new ArrayList<>(order);
                Collections.rotate(turn, -(cycle % turn.size()));
                for (String endpoint : ENDPOINTS) {
                    Map<String, Window> inCycle = new LinkedHashMap<>();
                    for (String config : turn) {
                        Window w = window(live.get(config), endpoint, seconds, sinks);
                        inCycle.put(config, w);
                        figures.get(config).windows(endpoint).add(w);
                    }
                    Window base = inCycle.get("no agent");
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d %-14s cycle %d %-7s",
                            round, host.name(), cycle + 1, endpoint));
                    for (Map.Entry<String, Window> e : inCycle.entrySet()) {
                        Window w = e.getValue();
                        double rpsRatio = w.rps() / base.rps();
                        double cpuRatio = w.cpuMicrosPerRequest() / base.cpuMicrosPerRequest();
                        figures.get(e.getKey()).rpsRatios.computeIfAbsent(endpoint, k -> new ArrayList<>()).add(rpsRatio);
                        figures.get(e.getKey()).cpuRatios.computeIfAbsent(endpoint, k -> new ArrayList<>()).add(cpuRatio);
                        line.append(String.format(Locale.ROOT, "  %s %.0f rps %.2fx cpu %.2fx %.0f B", e.getKey(), w.rps(), rpsRatio, cpuRatio,
                                w.bytesPerRequest()));
                    }
                    System.err.println(line);
                }
            }
            // Peak RSS before the profiled windows: the profiler's own memory is not the agent's.
            for (String config : order) {
                figures.get(config).peakRssKb.add((double) peakRssKb(live.get(config).pid));
            }
            if (options.containsKey("profiler")) {
                profileAgents(round, host, order, live, figures, seconds);
            }
        } finally {
            for (Live l : live.values()) {
                l.process.destroy();
            }
            for (Live l : live.values()) {
                l.process.waitFor(10, TimeUnit.SECONDS);
                l.process.destroyForcibly();
                Files.deleteIfExists(l.log);
            }
        }
    }

    /**
     * After the measured windows, one more window per endpoint for each of our configurations, with
     * a CPU profiler attached to the host (see {@link AgentShare}): the agent's own share of the
     * host's CPU. Not a measured window: sampling costs the host some throughput itself.
     */
    private void profileAgents(int round, Host host, List<String> order, Map<String, Live> live,
                               Map<String, Figures> figures, int seconds) throws Exception {
        String library = option("profiler", "");
        for (String config : order) {
            if (!config.startsWith("ours")) {
                continue;
            }
            long pid = live.get(config).pid;
            for (String endpoint : ENDPOINTS) {
                AgentShare.Result result;
                try {
                    AgentShare.start(pid, library);
                    wrk(live.get(config).base + endpoint, seconds);
                    result = AgentShare.stop(pid, library);
                } catch (Exception e) {
                    System.err.println("round " + round + " " + host.name() + " " + config + " " + endpoint
                            + ": no profile (" + e + "); the agent's share is left out");
                    continue;
                }
                figures.get(config).agentShares.computeIfAbsent(endpoint, k -> new ArrayList<>()).add(result.share());
                String head = String.format(Locale.ROOT, "round %d %s %s %s: %d samples, %.2f%% in the agent's code",
                        round, host.name(), config, endpoint, result.samples(), 100 * result.share());
                System.err.println(head);
                if (options.containsKey("profile-out")) {
                    Files.writeString(Path.of(option("profile-out", "")), head + System.lineSeparator() + result.top(15)
                                    + System.lineSeparator() + System.lineSeparator(),
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
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

    /** Launches the host under one configuration and waits for its first successful response. */
    private Live launch(Host host, String config, List<String> agentArgs, int downstreamPort) throws Exception {
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
        // The host's output goes to a file, so a chatty host never blocks on a full pipe and one
        // that dies can say why.
        Path log = Files.createTempFile("bench-host-", ".log");
        long launched = System.nanoTime();
        Live live = new Live(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
        live.pid = live.process.pid();
        live.base = "http://127.0.0.1:" + port;
        URI hello = URI.create(live.base + "/hello");
        while (true) {
            try {
                if (CLIENT.send(HttpRequest.newBuilder(hello).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                if (!live.process.isAlive()) {
                    List<String> output = Files.readAllLines(log);
                    throw new IllegalStateException("host exited: " + command + "\n"
                            + String.join("\n", output.subList(Math.max(0, output.size() - 30), output.size())));
                }
                Thread.sleep(5);
            }
        }
        live.startupMillis = (System.nanoTime() - launched) / 1_000_000;
        return live;
    }

    /**
     * One window: wrk on one endpoint of a warmed-up host, then {@link #SETTLE_MILLIS} for its
     * exports to arrive. The host's CPU (its JIT compiler's left out) and the receiver's are
     * counted over both.
     */
    private Window window(Live live, String endpoint, int seconds, CountingSinks sinks) throws Exception {
        // X-Ray's API or the daemon's UDP: one window runs one configuration, so the sum is its own.
        long docs0 = sinks.xrayDocuments.get() + sinks.daemonDatagrams.get();
        long otlp0 = sinks.otlpRequests.get();
        long self0 = cpuNanos();
        long wall0 = System.nanoTime();
        long jit0 = compilerTicks(live.pid);
        long cpu0 = processTicks(live.pid);
        long allocated0 = allocatedBytes(live);
        double[] w = wrk(live.base + endpoint, seconds);
        Thread.sleep(SETTLE_MILLIS);
        long allocated1 = allocatedBytes(live);
        long jit1 = compilerTicks(live.pid);
        long cpu1 = processTicks(live.pid);
        double receiver = (cpuNanos() - self0) / (double) (System.nanoTime() - wall0) / Runtime.getRuntime().availableProcessors();
        return new Window(w[0], w[1], w[2], w[3], micros(cpu1 - cpu0 - (jit1 - jit0), w[3]),
                allocated0 < 0 || allocated1 < 0 || w[3] <= 0 ? Double.NaN : (allocated1 - allocated0) / w[3], jit1 - jit0, seconds,
                sinks.xrayDocuments.get() + sinks.daemonDatagrams.get() - docs0, sinks.otlpRequests.get() - otlp0, receiver);
    }

    /** What the host's {@code /alloc} answers (its threads' allocated bytes); -1 if it cannot say. */
    private static long allocatedBytes(Live live) {
        try {
            HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create(live.base + "/alloc")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? Long.parseLong(answer.body().trim()) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
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

    private static double median(List<Double> values) {
        return quantile(values, 0.5);
    }

    /** The {@code q} quantile, interpolated; NaN for no values. */
    private static double quantile(List<Double> values, double q) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        double at = q * (v.length - 1);
        int below = (int) Math.floor(at);
        int above = Math.min(v.length - 1, below + 1);
        return v[below] + (v[above] - v[below]) * (at - below);
    }

    private static double medianOf(List<Window> windows, ToDoubleFunction<Window> f) {
        return median(windows.stream().mapToDouble(f).boxed().collect(Collectors.toList()));
    }

    /** {@code 0.97× [0.95–0.99]}: the median ratio and its quartiles. */
    private static String ratio(List<Double> ratios) {
        return String.format(Locale.ROOT, "%.2f× [%.2f–%.2f]", median(ratios), quantile(ratios, 0.25), quantile(ratios, 0.75));
    }

    /** {@code 2.8 %}, the median over the profiled windows (one per round); {@code -} without any. */
    private static String share(List<Double> shares) {
        return shares == null || shares.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * median(shares));
    }

    /** One host's table: a row per configuration. */
    private static String table(Map<String, Figures> results) {
        Figures baseline = results.get("no agent");
        double baseStartup = median(baseline.startupMillis);
        double baseRss = median(baseline.peakRssKb);
        double baseHelloBytes = medianOf(baseline.windows("/hello"), Window::bytesPerRequest);
        double baseChainBytes = medianOf(baseline.windows("/chain"), Window::bytesPerRequest);
        StringBuilder b = new StringBuilder();
        b.append("| configuration | start-up ms (added) | /hello rps | /hello × base | /hello p50 / p99 ms | /chain rps | /chain × base | /chain p50 / p99 ms"
                + " | host CPU µs per request /hello, /chain | × base /hello, /chain | agent's own share of host CPU (profiled) /hello, /chain | allocated B per request /hello, /chain (added) | peak RSS MB (added) | exported per request | receiver CPU"
                + " | warm-up s /hello, /chain | JIT while measured |\n");
        b.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Map.Entry<String, Figures> e : results.entrySet()) {
            Figures f = e.getValue();
            List<Window> hello = f.windows("/hello");
            List<Window> chain = f.windows("/chain");
            List<Window> all = new ArrayList<>(hello);
            all.addAll(chain);
            double startup = median(f.startupMillis);
            double rss = median(f.peakRssKb);
            double requests = all.stream().mapToDouble(Window::requests).sum();
            String delivered = e.getKey().startsWith("ours")
                    ? String.format(Locale.ROOT, "%.3f docs (%d)", all.stream().mapToLong(Window::xrayDocuments).sum() / requests,
                            all.stream().mapToLong(Window::xrayDocuments).sum())
                    : e.getKey().startsWith("Open")
                    ? all.stream().mapToLong(Window::otlpPosts).sum() + " OTLP posts" : "-";
            double jitSeconds = all.stream().mapToLong(Window::jitTicks).sum() / (double) TICKS_PER_SECOND;
            double measuredSeconds = all.stream().mapToDouble(Window::seconds).sum();
            b.append(String.format(Locale.ROOT,
                    "| %s | %.0f (%+.0f) | %.0f | %s | %.2f / %.2f | %.0f | %s | %.2f / %.2f | %.1f, %.1f | %s, %s | %s, %s | %.0f (%+.0f), %.0f (%+.0f) | %.0f (%+.0f) | %s | %.1f%% | %.0f, %.0f | %.0f%% of a core |%n",
                    e.getKey(), startup, startup - baseStartup,
                    medianOf(hello, Window::rps), ratio(f.rpsRatios.get("/hello")), medianOf(hello, Window::p50), medianOf(hello, Window::p99),
                    medianOf(chain, Window::rps), ratio(f.rpsRatios.get("/chain")), medianOf(chain, Window::p50), medianOf(chain, Window::p99),
                    medianOf(hello, Window::cpuMicrosPerRequest), medianOf(chain, Window::cpuMicrosPerRequest),
                    ratio(f.cpuRatios.get("/hello")), ratio(f.cpuRatios.get("/chain")),
                    share(f.agentShares.get("/hello")), share(f.agentShares.get("/chain")),
                    medianOf(hello, Window::bytesPerRequest), medianOf(hello, Window::bytesPerRequest) - baseHelloBytes,
                    medianOf(chain, Window::bytesPerRequest), medianOf(chain, Window::bytesPerRequest) - baseChainBytes,
                    rss / 1024, (rss - baseRss) / 1024, delivered,
                    all.stream().mapToDouble(Window::receiverShare).max().orElse(0) * 100,
                    median(f.warmups.get("/hello")), median(f.warmups.get("/chain")),
                    100 * jitSeconds / measuredSeconds));
        }
        return b.toString();
    }

}
