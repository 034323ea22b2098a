package io.telemetryagent.it;

import io.telemetryagent.testkit.HostJvm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles a row's host app from {@code src/hosts} against the row's own jars, in this JVM with
 * {@code javax.tools}: the rows' libraries clash, so they cannot share Maven's class path. Sources
 * are written for {@code jakarta.servlet} (and {@code jakarta.ws.rs}); a javax row compiles them with
 * the namespace replaced.
 */
final class HostSources {

    private HostSources() {}

    /**
     * The row's host classes, compiled now into a directory of their own under
     * {@code target/containers/<dir>/} (two test classes of one row may run side by side).
     */
    static Path compile(ContainerRow row) {
        try {
            if (!Files.isDirectory(row.lib())) {
                throw new AssertionError("no jars in " + row.lib() + ": run the build's process-test-resources phase");
            }
            Path build = Files.createTempDirectory(row.home(), "build-");
            Path src = build.resolve("src");
            Path classes = build.resolve("classes");
            Files.createDirectories(src);
            Files.createDirectories(classes);
            List<String> args = new ArrayList<>(List.of("-nowarn", "-parameters", "-proc:none", "-d", classes.toString(),
                    "-cp", jars(row)));
            Path hosts = Path.of(System.getProperty("user.dir"), "src", "hosts");
            for (String dir : row.sourceDirs) {
                try (Stream<Path> files = Files.list(hosts.resolve(dir))) {
                    for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                        String text = Files.readString(file, StandardCharsets.UTF_8);
                        if (row.namespace.equals("javax")) {
                            text = text.replace("jakarta.servlet", "javax.servlet").replace("jakarta.ws.rs", "javax.ws.rs");
                        }
                        Path copy = src.resolve(file.getFileName());
                        Files.writeString(copy, text, StandardCharsets.UTF_8);
                        args.add(copy.toString());
                    }
                }
            }
            for (String dir : row.sourceDirs) {
                copyResources(hosts.resolve(dir).resolve("resources"), classes);
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            int rc = javac.run(null, errors, errors, args.toArray(new String[0]));
            if (rc != 0) {
                throw new AssertionError("host sources of " + row + " do not compile:\n" + errors.toString(StandardCharsets.UTF_8));
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A host's {@code resources/} folder, when it has one, onto its class path (static files, webjars). */
    private static void copyResources(Path resources, Path classes) throws IOException {
        if (!Files.isDirectory(resources)) {
            return;
        }
        try (Stream<Path> files = Files.walk(resources)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Path copy = classes.resolve(resources.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
    }

    /**
     * The host app in {@code src/hosts/<sources>} compiled now against {@code classpath}, into a
     * new directory under {@code parent} (this module's classes on the class path too: the hosts share
     * {@code com.example.hosts.Http}); {@code what} names it in a failure.
     */
    static Path compile(String what, String sources, List<Path> classpath, Path parent) {
        try {
            Path classes = Files.createTempDirectory(parent, sources + "-classes-");
            // With this module's classes, which every host has on its class path: com.example.hosts.Http.
            List<String> args = new ArrayList<>(List.of("-nowarn", "-proc:none", "-d", classes.toString(), "-cp",
                    Stream.concat(classpath.stream(), Stream.of(HostJvm.hostClasses())).map(Path::toString)
                            .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator))));
            try (Stream<Path> files = Files.list(Path.of(System.getProperty("user.dir"), "src", "hosts", sources))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
            }
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            if (ToolProvider.getSystemJavaCompiler().run(null, errors, errors, args.toArray(new String[0])) != 0) {
                throw new AssertionError(what + " does not compile:\n" + errors.toString(StandardCharsets.UTF_8));
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jars in {@code dir}, sorted; fails, saying how to get them, when there are none. */
    static List<Path> jarsIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().map(Path::toAbsolutePath).toList();
            if (jars.isEmpty()) {
                throw new AssertionError("no jars in " + dir + ": run the build's process-test-resources phase");
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException("no jars in " + dir + ": run the build's process-test-resources phase", e);
        }
    }

    /** The row's jars, one by one: the in-process compiler expands no {@code lib/*}. */
    private static String jars(ContainerRow row) throws IOException {
        try (Stream<Path> files = Files.list(row.lib())) {
            return files.map(Path::toString).filter(f -> f.endsWith(".jar")).sorted()
                    .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        }
    }
}
