package io.telemetryagent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.telemetryagent.bootstrap.Bridge;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapInjectorTest {

    @TempDir
    Path dir;

    @Test
    void theListedBridgeClassesAreExactlyThoseOfTheBridgePackage() throws Exception {
        File folder = new File(Bridge.class.getResource("Bridge.class").toURI()).getParentFile();
        TreeSet<String> compiled = new TreeSet<>();
        for (String file : folder.list()) {
            if (file.endsWith(".class")) {
                compiled.add(file.substring(0, file.length() - ".class".length()));
            }
        }
        assertEquals(compiled, new TreeSet<>(Arrays.asList(BootstrapInjector.BRIDGE_CLASSES)),
                "BootstrapInjector.BRIDGE_CLASSES must name every class of io.telemetryagent.bootstrap");
    }

    @Test
    void bridgeEntriesAreFoundByNameAmongTheOthers() throws IOException {
        List<String> names = new ArrayList<>();
        for (String name : BootstrapInjector.BRIDGE_CLASSES) {
            names.add("io/telemetryagent/bootstrap/" + name + ".class");
        }
        names.add("inst/io/telemetryagent/Agent.class");
        names.add("io/telemetryagent/launcher/AgentLauncher.class");
        try (JarFile jar = new JarFile(jarWith(names).toFile())) {
            assertEquals(names.subList(0, BootstrapInjector.BRIDGE_CLASSES.length), entryNames(BootstrapInjector.bridgeEntries(jar)));
        }
    }

    @Test
    void aBridgeClassMissingFromTheListIsStillFoundByTheFolder() throws IOException {
        // A jar whose bridge differs from the list (one listed class gone, one unlisted there):
        // every class under the folder goes, not the list.
        List<String> names = List.of("io/telemetryagent/bootstrap/Bridge.class", "io/telemetryagent/bootstrap/Other.class",
                "io/telemetryagent/launcher/AgentLauncher.class");
        try (JarFile jar = new JarFile(jarWith(names).toFile())) {
            assertEquals(names.subList(0, 2), entryNames(BootstrapInjector.bridgeEntries(jar)));
        }
    }

    private Path jarWith(List<String> names) throws IOException {
        Path jar = dir.resolve("agent.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String name : names) {
                out.putNextEntry(new JarEntry(name));
                out.write(new byte[] {1, 2, 3});
                out.closeEntry();
            }
        }
        return jar;
    }

    private static List<String> entryNames(List<JarEntry> entries) {
        List<String> names = new ArrayList<>();
        for (JarEntry entry : entries) {
            names.add(entry.getName());
        }
        return names;
    }
}
