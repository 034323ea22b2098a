package io.telemetryagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRayTrace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A woven method that reuses a slot the agent reads at its exit, in a real host: Jetty 9.4 with a
 * servlet API whose {@code HttpServlet.service(ServletRequest, ServletResponse)} (the agent's pipe
 * span, which reads {@code this} as it ends) stores an int into slot 0 before it returns, as other
 * compilers and bytecode tools may. Woven naively, HotSpot rejects the class ("Stack map does not
 * match the one at exception handler") and every request fails; woven as it must be, the host
 * answers and the span is recorded.
 */
@ExtendWith(HostOutputOnFailure.class)
class ReusedSlotTest {

    @Test
    void hostWhoseServletReusesThisSlotAnswersAndIsTraced(@TempDir Path dir) throws IOException {
        ContainerRow row = ContainerRow.JETTY_9_4;
        Path servletApi = servletApiJar(row);
        Path rewritten = dir.resolve("reused-slot-servlet-api.jar");
        writeJarWith(rewritten, "javax/servlet/http/HttpServlet.class", reuseThisSlot(servletApi));
        Path classes = HostSources.compile(row);

        try (XRayReceiver receiver = XRayReceiver.startNew();
             HostJvm host = HostJvm.builder(row.mainClass)
                     .config(Configs.to(receiver).serviceName("reused-slot"))
                     .classpath(rewritten, classes, row.lib().resolve("*"))
                     .jvmOption("-XX:TieredStopAtLevel=1")
                     .readyTimeout(Duration.ofSeconds(60))
                     .start()) {
            String userAgent = HostJvm.marker("reused-slot");
            HttpResult hello = host.get("/app/hello", Map.of("User-Agent", userAgent));

            assertEquals(200, hello.status(), hello.body());
            assertEquals("hello", hello.body());
            XRayTrace trace = Support.traceOf(receiver, userAgent);
            assertEquals(1, trace.segments().get(0).children().size(), trace.tree());
            assertEquals("Hello.doGet", trace.segments().get(0).children().get(0).name(), trace.tree());
            List<String> warnings = host.agentLines().stream().filter(l -> l.contains("could not"))
                    .collect(Collectors.toList());
            assertEquals(List.of(), warnings);
        }
    }

    private static Path servletApiJar(ContainerRow row) throws IOException {
        try (Stream<Path> jars = Files.list(row.lib())) {
            return jars.filter(j -> j.getFileName().toString().startsWith("javax.servlet-api")).findFirst()
                    .orElseThrow(() -> new AssertionError("no javax.servlet-api jar in " + row.lib()));
        }
    }

    /** HttpServlet with {@code iconst_0; istore_0} before every return of {@code service(ServletRequest, ServletResponse)}. */
    private static byte[] reuseThisSlot(Path servletApi) throws IOException {
        byte[] original;
        try (JarFile jar = new JarFile(servletApi.toFile());
             InputStream in = jar.getInputStream(jar.getJarEntry("javax/servlet/http/HttpServlet.class"))) {
            original = in.readAllBytes();
        }
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] rewritten = new boolean[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!name.equals("service")
                        || !descriptor.equals("(Ljavax/servlet/ServletRequest;Ljavax/servlet/ServletResponse;)V")) {
                    return next;
                }
                return new MethodVisitor(Opcodes.ASM9, next) {
                    @Override
                    public void visitInsn(int opcode) {
                        if (opcode == Opcodes.RETURN) {
                            super.visitInsn(Opcodes.ICONST_0);
                            super.visitVarInsn(Opcodes.ISTORE, 0);
                            rewritten[0] = true;
                        }
                        super.visitInsn(opcode);
                    }
                };
            }
        }, 0);
        assertTrue(rewritten[0], "service(ServletRequest, ServletResponse) has a return");
        return writer.toByteArray();
    }

    private static void writeJarWith(Path jar, String entry, byte[] bytes) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(bytes);
            out.closeEntry();
        }
    }
}
