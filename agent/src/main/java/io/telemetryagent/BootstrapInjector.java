package io.telemetryagent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge ({@code io/telemetryagent/bootstrap/}) into the bootstrap class loader.
 *
 * <p>The supported way, {@code appendToBootstrapClassLoaderSearch}, makes HotSpot give up class
 * data sharing for every class not loaded by the boot loader (slower start-up for the host, and
 * an app's own CDS archive is void) and print "Sharing is only supported for boot loader classes
 * because bootstrap classpath has been appended" on the host's stderr, on JDK 17 and 25 alike.
 * Defining the four bridge classes directly in the boot loader avoids both, so it comes first;
 * where it fails (a JDK without that internal method), a jar of the bridge classes alone is
 * appended: never the whole agent jar, whose launcher classes the boot loader must not see.
 */
final class BootstrapInjector {

    private static final String BRIDGE = "io/telemetryagent/bootstrap/";
    /** Every class of {@link #BRIDGE}, supertypes first (BootstrapInjectorTest holds the list to the package). */
    static final String[] BRIDGE_CLASSES = {"Hook", "Hook$1", "TaskRunner", "Bridge"};

    private BootstrapInjector() {}

    /** Injects the bridge from the agent jar this class was loaded from. */
    static void inject(Instrumentation inst) throws IOException, URISyntaxException {
        URL location = BootstrapInjector.class.getProtectionDomain().getCodeSource().getLocation();
        try (JarFile jar = new JarFile(new File(location.toURI()), false)) {
            List<JarEntry> entries = bridgeEntries(jar);
            try {
                defineInBootLoader(jar, entries, inst);
            } catch (Throwable unavailable) {
                appendBridgeJar(jar, entries, inst);
            }
        }
    }

    /**
     * The bridge's class files, looked up by name: walking the jar's 5,000 entries (the AWS SDK's
     * among them) in a JVM that has not warmed up took about 30 ms of the agent's start. Should a
     * name be missing (a bridge class added and not listed), every entry under the bridge's folder.
     */
    static List<JarEntry> bridgeEntries(JarFile jar) {
        List<JarEntry> entries = new ArrayList<>();
        for (String name : BRIDGE_CLASSES) {
            JarEntry entry = jar.getJarEntry(BRIDGE + name + ".class");
            if (entry == null) {
                entries.clear();
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    JarEntry any = e.nextElement();
                    if (any.getName().startsWith(BRIDGE) && any.getName().endsWith(".class")) {
                        entries.add(any);
                    }
                }
                return entries;
            }
            entries.add(entry);
        }
        return entries;
    }

    /**
     * Writes the bridge classes alone to a temporary jar and appends it to the boot loader's
     * search. The JVM opens the jar as it is appended, so the file is deleted at once (it stays
     * readable through the JVM's handle; where a file system refuses, it goes at exit).
     */
    static void appendBridgeJar(JarFile agentJar, List<JarEntry> entries, Instrumentation inst) throws IOException {
        Path bridgeJar = Files.createTempFile("telemetry-agent-bridge-", ".jar");
        try {
            try (OutputStream file = Files.newOutputStream(bridgeJar); JarOutputStream out = new JarOutputStream(file)) {
                for (JarEntry entry : entries) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream in = agentJar.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            try (JarFile appended = new JarFile(bridgeJar.toFile(), false)) {
                inst.appendToBootstrapClassLoaderSearch(appended);
            }
        } finally {
            try {
                Files.delete(bridgeJar);
            } catch (IOException stillOpen) {
                bridgeJar.toFile().deleteOnExit();
            }
        }
    }

    private static void defineInBootLoader(JarFile jar, List<JarEntry> entries, Instrumentation inst) throws Exception {
        Module base = Object.class.getModule();
        inst.redefineModule(base, Set.of(), Map.of(), Map.of("jdk.internal.misc", Set.of(BootstrapInjector.class.getModule())),
                Set.of(), Map.of());
        Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
        // A method handle, not reflection: from JDK 18 on, Method.invoke makes a method handle of
        // its own on first use, and for this signature that cost 15 ms of CPU on JDK 25; the exact
        // call below costs ~1 ms on JDK 17 and 25 alike.
        MethodHandle define = MethodHandles.lookup().findVirtual(unsafeType, "defineClass", MethodType.methodType(
                Class.class, String.class, byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class))
                .bindTo(unsafe);
        // A class can be defined only once its supertypes are: retry what failed until nothing moves.
        List<JarEntry> pending = new ArrayList<>(entries);
        while (!pending.isEmpty()) {
            List<JarEntry> failed = new ArrayList<>();
            Throwable last = null;
            for (JarEntry entry : pending) {
                String name = entry.getName().substring(0, entry.getName().length() - ".class".length()).replace('/', '.');
                byte[] bytes;
                try (InputStream in = jar.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                try {
                    // Assigned, and cast: invokeExact needs the handle's own return type.
                    Class<?> defined = (Class<?>) define.invokeExact(name, bytes, 0, bytes.length, (ClassLoader) null,
                            (ProtectionDomain) null);
                } catch (Throwable t) {
                    if (t instanceof LinkageError && isAlreadyDefined(name)) {
                        continue; // a second agent start in this JVM
                    }
                    failed.add(entry);
                    last = t;
                }
            }
            if (failed.size() == pending.size()) {
                throw new IllegalStateException("could not define the bridge", last);
            }
            pending = failed;
        }
    }

    private static boolean isAlreadyDefined(String name) {
        try {
            Class.forName(name, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
