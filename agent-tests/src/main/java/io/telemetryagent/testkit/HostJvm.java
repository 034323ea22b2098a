package io.telemetryagent.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A real host JVM, started with {@code ProcessBuilder} as a user would: {@code java
 * -javaagent:<agent.jar> -Dtelemetry.config=<json> -cp <host classes> <main>}. Captures stdout and
 * stderr line by line (separately), waits for the host's {@code READY <port>} line and sends it
 * requests. Every wait has a timeout, so a broken agent fails a test instead of hanging it.
 */
public final class HostJvm implements AutoCloseable {

    /** The system property naming the agent jar under test (set by the module's pom). */
    public static final String AGENT_JAR_PROPERTY = "agent.jar";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final List<HostJvm> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final AtomicInteger MARKERS = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    private final List<String> command;
    private volatile Thread starter = Thread.currentThread();
    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final Thread stdoutPump;
    private final Thread stderrPump;
    private volatile int port = -1;

    private HostJvm(List<String> command, Map<String, String> env, Duration readyTimeout, boolean awaitReady) {
        this.command = List.copyOf(command);
        ProcessBuilder builder = new ProcessBuilder(command);
        // Keep the host hermetic: no options or settings leaking in from the test's environment.
        for (String name : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "TELEMETRY_CONFIG",
                "AWS_XRAY_TRACING_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "ECS_CONTAINER_METADATA_URI",
                "ECS_CONTAINER_METADATA_URI_V4", "KUBERNETES_SERVICE_HOST",
                // A developer's proxy would carry the hosts' calls to the receivers on 127.0.0.1.
                "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy")) {
            builder.environment().remove(name);
        }
        builder.environment().putAll(env);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        LIVE.add(process);
        STARTED.add(this);
        stdoutPump = pump(process.getInputStream(), stdout, "host-stdout");
        stderrPump = pump(process.getErrorStream(), stderr, "host-stderr");
        if (awaitReady) {
            try {
                String ready = awaitStdout(line -> line.startsWith("READY "), readyTimeout);
                port = Integer.parseInt(ready.substring("READY ".length()).trim());
            } catch (AssertionError e) {
                close();
                throw new AssertionError("host did not print READY <port> within " + readyTimeout + "\n" + describe(), e);
            }
        }
    }

    /** How many hosts this JVM has started so far: a mark for {@link #startedSince(int)}. */
    public static int startedCount() {
        return STARTED.size();
    }

    /**
     * The hosts a test used: those this thread started after {@code mark}, and those started before
     * it (by the class, say) that still run. Hosts that tests running alongside started are left out.
     */
    public static List<HostJvm> startedSince(int mark) {
        List<HostJvm> hosts = new ArrayList<>();
        for (int i = 0; i < STARTED.size(); i++) {
            HostJvm host = STARTED.get(i);
            if (i < mark ? host.isAlive() : host.starter == Thread.currentThread()) {
                hosts.add(host);
            }
        }
        return hosts;
    }

    /**
     * Starts several hosts at once (JVM start-up dominates, and overlaps well); returns them in the
     * builders' order. If one fails to start, the others are closed and the failure is thrown.
     */
    public static List<HostJvm> startAll(List<Builder> builders) {
        Thread caller = Thread.currentThread();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(builders.size());
        try {
            List<java.util.concurrent.Future<HostJvm>> futures = new ArrayList<>();
            for (Builder builder : builders) {
                futures.add(pool.submit(builder::start));
            }
            List<HostJvm> hosts = new ArrayList<>();
            Throwable failure = null;
            for (java.util.concurrent.Future<HostJvm> future : futures) {
                try {
                    HostJvm host = future.get();
                    host.starter = caller;
                    hosts.add(host);
                } catch (java.util.concurrent.ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = e;
                }
            }
            if (failure != null) {
                hosts.forEach(HostJvm::close);
                throw failure instanceof AssertionError ? (AssertionError) failure : new AssertionError(failure);
            }
            return hosts;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Closes several hosts at once (each waits for its own shutdown flush). */
    public static void closeAll(List<HostJvm> hosts) {
        List<Thread> closers = new ArrayList<>();
        for (HostJvm host : hosts) {
            if (host != null) {
                Thread closer = new Thread(host::close, "host-close");
                closer.start();
                closers.add(closer);
            }
        }
        for (Thread closer : closers) {
            try {
                closer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A host running {@code mainClass} from this module's classes, with the agent attached. */
    public static Builder builder(Class<?> mainClass) {
        return new Builder(mainClass.getName());
    }

    /** A host running the named main class from this module's classes, with the agent attached. */
    public static Builder builder(String mainClass) {
        return new Builder(mainClass);
    }

    /** The agent jar under test: {@code -Dagent.jar}, else {@code ../agent/target/telemetry-agent.jar}. */
    public static Path agentJar() {
        String configured = System.getProperty(AGENT_JAR_PROPERTY);
        Path jar = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.dir")).resolve("../agent/target/telemetry-agent.jar");
        return jar.toAbsolutePath().normalize();
    }

    private static Path agentJarCopy;

    /**
     * A private copy of {@link #agentJar()}, taken once per test run: a rebuild of the agent while
     * tests run must not change (or truncate) the jar under JVMs that have it open.
     */
    public static synchronized Path agentJarUnderTest() {
        if (agentJarCopy != null) {
            return agentJarCopy;
        }
        Path source = agentJar();
        if (!Files.isRegularFile(source)) {
            throw new AssertionError("agent jar not found: " + source
                    + " (build it: mvn -q -pl agent -am -DskipTests package)");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                Path dir = Files.createTempDirectory("agent-under-test");
                Path copy = dir.resolve(source.getFileName());
                Files.copy(source, copy);
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(copy.toFile())) {
                    if (jar.getManifest() == null) {
                        throw new IOException("no manifest");
                    }
                }
                copy.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                agentJarCopy = copy;
                return copy;
            } catch (IOException e) {
                if (attempt == 5) {
                    throw new AssertionError("cannot take a consistent copy of " + source, e);
                }
                try {
                    Thread.sleep(2000); // being rebuilt right now
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted");
                }
            }
        }
    }

    /** A value unique in this test run, e.g. for a User-Agent that marks one request. */
    public static String marker(String label) {
        return label + "-" + ProcessHandle.current().pid() + "-" + MARKERS.incrementAndGet();
    }

    /** How to start a host. */
    public static final class Builder {
        private final String mainClass;
        private Jdk jdk = Jdk.current();
        private Path agentJar;
        private boolean withAgent = true;
        private String config;
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<Path> classpath = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private Duration readyTimeout = Duration.ofSeconds(30);
        private boolean awaitReady = true;
        private boolean shortLived = true;

        private Builder(String mainClass) {
            this.mainClass = mainClass;
            classpath.add(hostClasses());
        }

        public Builder jdk(Jdk jdk) { this.jdk = jdk; return this; }
        /** Another agent jar than {@link #agentJarUnderTest()}. */
        public Builder agentJar(Path jar) { this.agentJar = jar; return this; }
        /** Starts the host without {@code -javaagent}, for a baseline. */
        public Builder withoutAgent() { this.withAgent = false; return this; }
        /** The value of {@code -Dtelemetry.config}: JSON or a path. */
        public Builder config(String jsonOrPath) { this.config = jsonOrPath; return this; }
        public Builder config(Configs config) { this.config = config.json(); return this; }
        public Builder systemProperty(String name, String value) { systemProperties.put(name, value); return this; }
        public Builder env(String name, String value) { env.put(name, value); return this; }
        public Builder jvmOption(String option) { jvmOptions.add(option); return this; }
        /** Puts more entries on the host's class path, after this module's classes. */
        public Builder classpath(Path... entries) { classpath.addAll(List.of(entries)); return this; }
        /** Puts entries on the host's class path before this module's classes. */
        public Builder classpathFirst(List<Path> entries) { classpath.addAll(0, entries); return this; }
        public Builder args(String... values) { args.addAll(List.of(values)); return this; }
        public Builder readyTimeout(Duration timeout) { this.readyTimeout = timeout; return this; }
        /**
         * Runs the host with the JVM's own JIT and GC defaults instead of the short-lived-JVM options
         * ({@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}) used by default: those halve the CPU a
         * host burns while it starts, which matters on a 2-core machine running many hosts, and
         * change nothing the agent can observe.
         */
        public Builder jvmDefaults() { this.shortLived = false; return this; }
        /** false: return as soon as the process starts, without waiting for {@code READY <port>}. */
        public Builder awaitReady(boolean await) { this.awaitReady = await; return this; }

        public HostJvm start() {
            List<String> command = new ArrayList<>();
            command.add(jdk.java().toString());
            if (withAgent) {
                command.add("-javaagent:" + (agentJar != null ? agentJar : agentJarUnderTest()));
            }
            if (config != null) {
                command.add("-Dtelemetry.config=" + config);
            }
            systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            if (shortLived) {
                command.add("-XX:TieredStopAtLevel=1");
                command.add("-XX:+UseSerialGC");
            }
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
            command.add(mainClass);
            command.addAll(args);
            return new HostJvm(command, env, readyTimeout, awaitReady);
        }
    }

    /** This module's compiled classes, where the host apps live: on every host's class path. */
    public static Path hostClasses() {
        try {
            return Path.of(com.example.hosts.DemoService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- output

    private static Thread pump(InputStream in, List<String> lines, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Every line the host printed on stdout so far. */
    public List<String> stdoutLines() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    /** Every line the host printed on stderr so far. */
    public List<String> stderrLines() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    /** The stderr lines that start with {@code [telemetry-agent]}. */
    public List<String> agentLines() {
        return stderrLines().stream().filter(l -> l.startsWith("[telemetry-agent]")).collect(Collectors.toList());
    }

    /** Waits for a stdout line that matches; returns it. */
    public String awaitStdout(Predicate<String> predicate, Duration timeout) {
        return await(stdout, predicate, timeout, "stdout");
    }

    /** Waits for a stderr line that matches; returns it. */
    public String awaitStderr(Predicate<String> predicate, Duration timeout) {
        return await(stderr, predicate, timeout, "stderr");
    }

    private String await(List<String> lines, Predicate<String> predicate, Duration timeout, String what) {
        return Waiting.firstMatch(lines, predicate, timeout,
                () -> "no matching line on " + what + " within " + timeout + "\n" + describe());
    }

    /** The command, exit state and both outputs (their last 60 lines), for failure messages. */
    public String describe() {
        return "command: " + String.join(" ", command)
                + (process.isAlive() ? "" : "\nexit code: " + process.exitValue())
                + "\n--- stdout\n" + tail(stdoutLines())
                + "\n--- stderr\n" + tail(stderrLines()) + "\n---";
    }

    private static String tail(List<String> lines) {
        int from = Math.max(0, lines.size() - 60);
        return (from > 0 ? "[" + from + " lines before]\n" : "") + String.join("\n", lines.subList(from, lines.size()));
    }

    // ---------------------------------------------------------------- requests

    /** The port from the host's {@code READY <port>} line. */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port><pathAndQuery>}. */
    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port + pathAndQuery;
    }

    public HttpResult get(String pathAndQuery) {
        return get(pathAndQuery, Map.of());
    }

    /** GETs a path of this host with these request headers; status -1 when no answer came. */
    public HttpResult get(String pathAndQuery, Map<String, String> headers) {
        return get(URI.create(url(pathAndQuery)), headers);
    }

    /** GETs any URL; status -1 (and the error as body) when no answer came within 20 s. */
    public static HttpResult get(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET();
        headers.forEach(request::header);
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpResult(response.statusCode(), response.headers().map(), response.body(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            return new HttpResult(-1, Map.of(), e.toString(), (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    // ---------------------------------------------------------------- life cycle

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for the host to end by itself; returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("host still running after " + timeout + "\n" + describe());
            }
            joinPumps();
            LIVE.remove(process);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /**
     * Stops the host as an operator would (SIGTERM, so shutdown hooks run), waits up to 15 s, then
     * kills it. Output is complete when this returns, what the host and the agent say while they
     * stop included (the exporter's exit line, say).
     */
    @Override
    public void close() {
        try {
            // SIGTERM through the process handle: Process.destroy() sends the same signal but also
            // closes this side of the host's pipes at once, and every line printed while the host
            // stops would be lost.
            process.toHandle().destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            joinPumps();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            LIVE.remove(process);
            closePipes();
        }
    }

    private void joinPumps() throws InterruptedException {
        stdoutPump.join(2000);
        stderrPump.join(2000);
    }

    /** A pump still reading after the host is gone (a child of it holds the pipe): free it now. */
    private void closePipes() {
        for (java.io.Closeable pipe : List.<java.io.Closeable>of(process.getOutputStream(), process.getInputStream(),
                process.getErrorStream())) {
            try {
                pipe.close();
            } catch (IOException ignored) {
                // closed already
            }
        }
    }
}
