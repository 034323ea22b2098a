package io.telemetryagent.instrument;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Every class the agent weaves, in every library version the black-box tests run and in the JDK's
 * own modules on 17 and 25, woven in-process and checked, so that a weaving bug fails here and not
 * in a host: ASM's CheckClassAdapter with its data-flow check over what the weaver writes,
 * {@link FrameCheck} over the woven class file, and, where the unwoven class links in a loader of
 * the row's jars, HotSpot's own verifier over the woven one.
 *
 * <p>The rows are the jar directories agent-tests/pom.xml downloads for the black-box matrix
 * (target/containers/x/lib, target/host-libs-clients/x, target/host-libs-webclient/x, ...): a
 * library added there for its black-box test is checked here with nothing more to write.
 */
class WovenClassesVerifyTest {

    private static final Path TARGET = Path.of(System.getProperty("user.dir"), "target");
    private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    private static final Libraries LIBRARIES = new Libraries();
    /** Targets by name that hold nothing to weave in one row, and why (the agent says so at DEBUG). */
    private static final Map<String, String> NOTHING_TO_WEAVE = Map.of(
            "containers/jetty12/lib org.eclipse.jetty.server.Request",
            "Jetty 12's core Request is an interface; its servlet request is ee10's ServletApiRequest",
            "temurin-25-jdk-amd64 java.util.concurrent.ForkJoinPool",
            "JDK 19+ have no externalPush: every task goes through WorkQueue.push");

    @Test
    void everyTargetClassOfEveryLibraryRowWeavesAndVerifies() throws Exception {
        Map<Path, List<Path>> rows = rows();
        assertTrue(rows.size() >= 10, "jar rows under " + TARGET + ": " + rows.keySet());
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (Map.Entry<Path, List<Path>> row : rows.entrySet()) {
            String rowName = TARGET.relativize(row.getKey()).toString();
            for (Path jar : row.getValue()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    for (String className : LIBRARIES.classNames()) {
                        JarEntry entry = file.getJarEntry(className.replace('.', '/') + ".class");
                        if (entry == null) {
                            continue;
                        }
                        byte[] classfile;
                        try (InputStream in = file.getInputStream(entry)) {
                            classfile = in.readAllBytes();
                        }
                        String where = rowName + " " + jar.getFileName() + " " + className;
                        String linked = check(where, rowName + " " + className, className, classfile, problems,
                                row.getValue());
                        checked.add(where + (linked == null ? "" : " (" + linked + ")"));
                    }
                }
            }
        }
        System.out.println("WovenClassesVerifyTest: checked\n  " + String.join("\n  ", checked));
        assertTrue(checked.size() >= 20, "target classes found: " + checked);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyJdkTargetWeavesAndVerifiesOnJdk17And25() throws Exception {
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        List<Path> homes = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"))));
        if (Files.isDirectory(JDK_25)) {
            homes.add(JDK_25);
        }
        for (Path home : homes) {
            try (FileSystem jrt = FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home", home.toString()))) {
                for (String className : LIBRARIES.classNames()) {
                    String module = jdkModule(jrt, className);
                    if (module == null) {
                        continue;
                    }
                    Path file = jrt.getPath("modules", module, className.replace('.', '/') + ".class");
                    if (!Files.exists(file)) {
                        problems.add(home + ": " + className + " not found in " + module);
                        continue;
                    }
                    String where = home.getFileName() + " " + className;
                    check(where, where, className, Files.readAllBytes(file), problems, null);
                    checked.add(where);
                }
            }
        }
        System.out.println("WovenClassesVerifyTest: checked\n  " + String.join("\n  ", checked));
        assertTrue(homes.size() == 2 || !Files.isDirectory(JDK_25), homes.toString());
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** The module of a JDK class, from the runtime image's package index; null for a class not in it. */
    private static String jdkModule(FileSystem jrt, String className) throws IOException {
        Path packageDir = jrt.getPath("packages", className.substring(0, className.lastIndexOf('.')));
        if (!Files.isDirectory(packageDir)) {
            return null;
        }
        try (Stream<Path> modules = Files.list(packageDir)) {
            return modules.map(module -> module.getFileName().toString()).findFirst().orElse(null);
        }
    }

    /**
     * Weaves one class with all its hooks and checks the result; adds what is wrong to {@code
     * problems}. Returns why HotSpot's verifier was not run on it, or null when it was.
     */
    private static String check(String where, String key, String className, byte[] classfile, List<String> problems,
                                List<Path> rowJars) {
        List<MethodHook> hooks = LIBRARIES.target(className).weave(className);
        byte[] woven;
        try {
            woven = new HookWeaver().weave(hooks, classfile);
            new HookWeaver().weave(hooks, classfile, null, next -> new CheckClassAdapter(next, true));
        } catch (RuntimeException e) {
            problems.add(where + ": " + e);
            return null;
        }
        if (woven == null) {
            if (!NOTHING_TO_WEAVE.containsKey(key)) {
                problems.add(where + ": no hook matched");
            }
            return "nothing to weave: " + NOTHING_TO_WEAVE.get(key);
        }
        for (String problem : FrameCheck.problems(woven)) {
            problems.add(where + ": " + problem);
        }
        if (rowJars == null) {
            return "java.* and JDK classes: HotSpot verifies them in HookWeaverTest's patched JVMs";
        }
        try {
            linked(className, classfile, rowJars);
        } catch (Throwable t) {
            return "unwoven does not link here either: " + t;
        }
        try {
            linked(className, woven, rowJars);
        } catch (Throwable t) {
            problems.add(where + ": HotSpot rejects the woven class: " + t);
        }
        return null;
    }

    /** Defines {@code bytes} as {@code name} in a fresh loader over the row's jars, and links it (verifies). */
    private static void linked(String name, byte[] bytes, List<Path> jars) throws Exception {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = jars.get(i).toUri().toURL();
        }
        // The bridge the woven code calls lives with the test's classes; the row's jars come first.
        try (URLClassLoader row = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(className)) {
                    if (className.equals(name)) {
                        Class<?> loaded = findLoadedClass(className);
                        return loaded != null ? loaded : defineClass(className, bytes, 0, bytes.length);
                    }
                    if (className.startsWith("io.telemetryagent.bootstrap.")) {
                        return WovenClassesVerifyTest.class.getClassLoader().loadClass(className);
                    }
                    return super.loadClass(className, resolve);
                }
            }
        }) {
            // Reflection over the declared methods links the class: HotSpot verifies every method.
            row.loadClass(name).getDeclaredMethods();
        }
    }

    /** Every directory under target/ that holds jars, with its jars. */
    private static Map<Path, List<Path>> rows() throws IOException {
        Map<Path, List<Path>> rows = new TreeMap<>();
        try (Stream<Path> files = Files.walk(TARGET, 4)) {
            files.filter(f -> f.getFileName().toString().endsWith(".jar") && !f.startsWith(TARGET.resolve("classes")))
                    .filter(f -> !f.getParent().equals(TARGET))
                    .forEach(jar -> rows.computeIfAbsent(jar.getParent(), d -> new ArrayList<>()).add(jar));
        }
        for (List<Path> jars : rows.values()) {
            jars.sort(null);
        }
        return rows;
    }
}
