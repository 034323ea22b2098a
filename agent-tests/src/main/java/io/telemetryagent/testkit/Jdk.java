package io.telemetryagent.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A Java runtime to launch host JVMs with: the one running the tests, or another found on the machine. */
public final class Jdk {

    /** Where this kind of machine keeps its Temurin 25. */
    public static final Path TEMURIN_25_HOME = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    private final String name;
    private final Path java;

    private Jdk(String name, Path java) {
        this.name = name;
        this.java = java;
    }

    /** The runtime of this JVM ({@code java.home}). */
    public static Jdk current() {
        return new Jdk("java " + Runtime.version().feature(), Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    /** Temurin 25, when installed at {@link #TEMURIN_25_HOME}. */
    public static Optional<Jdk> temurin25() {
        Path java = TEMURIN_25_HOME.resolve("bin/java");
        return Files.isExecutable(java) ? Optional.of(new Jdk("temurin 25", java)) : Optional.empty();
    }

    /** The current runtime, then Temurin 25 when present. */
    public static List<Jdk> available() {
        List<Jdk> all = new ArrayList<>();
        all.add(current());
        temurin25().ifPresent(all::add);
        return all;
    }

    /** A runtime by name: {@code current} or {@code temurin25}. */
    public static Optional<Jdk> named(String name) {
        return "temurin25".equals(name) ? temurin25() : Optional.of(current());
    }

    public Path java() { return java; }
    public String name() { return name; }

    @Override
    public String toString() { return name; }
}
