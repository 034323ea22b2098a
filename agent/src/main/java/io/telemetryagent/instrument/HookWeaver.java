package io.telemetryagent.instrument;

import io.telemetryagent.log.AgentLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Weaves {@link MethodHook}s into a class file with ASM's reader and writer and nothing else: no
 * type pool, no class loaded, about twenty classes in all, so that the agent can weave within
 * milliseconds of starting (Byte Buddy's advice machinery took some 300 ms to load and warm on a
 * busy two-core machine, and the host's first request waited for it).
 *
 * <p>The class keeps its shape (no field or method added), so classes already loaded can be
 * retransformed. Methods no hook names are copied as they were; bridge and synthetic methods are
 * never woven (a bridge only forwards to the method a hook names). How a method is woven is
 * {@link WovenMethod}'s story.
 *
 * <p>It fails closed: what it cannot weave safely ({@link Refused}) leaves the whole class as it
 * was, and the caller says so in one line. There is no analysis of the woven class at run time:
 * ASM's Analyzer over only the woven methods of the 15 JDK targets cost 1.5 to 3 times the weave
 * itself (230-750 ms against 96-265 ms, cold, on the busy two-core test machine), which the
 * start-up budget cannot hold; every woven class of every supported library version and JDK is
 * verified in the tests instead (agent-tests' WovenClassesVerifyTest).
 */
final class HookWeaver {

    /** The newest class file version this ASM (9.10.1) reads: Java 27's. */
    static final int NEWEST_KNOWN = Opcodes.V27 & 0xFFFF;

    /** The class cannot be woven safely; the message says why, for the host's log. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /** Where a woven method says that its class cannot be woven safely. */
    interface Refusal {
        void refuse(String method, String why);
    }

    /** A stand-in target for {@link #warmUp}: a field, an argument, a result, a throw, a loop. */
    static final class WarmUpTarget {
        private Object last;

        Object handle(Object request, long count) {
            for (long i = 0; i < count; i++) {
                last = request;
            }
            if (request == null) {
                throw new IllegalArgumentException();
            }
            return last;
        }
    }

    /**
     * Weaves {@link WarmUpTarget} once and throws the result away, on an agent thread before the
     * weaver goes live: the first real weave, often of a JDK class on the host's main thread,
     * then finds ASM and the weaver loaded (it took 27 ms cold). Never throws.
     */
    void warmUp() {
        try (java.io.InputStream in = WarmUpTarget.class.getResourceAsStream("HookWeaver$WarmUpTarget.class")) {
            if (in != null) {
                weave(List.of(MethodHook.span(MethodHook.named("handle"), 0, MethodHook.self(), MethodHook.argument(0),
                                MethodHook.field("last", "Ljava/lang/Object;"))
                        .end(MethodHook.argument(1), true, true)), in.readAllBytes());
            }
        } catch (Throwable t) {
            // only a head start
        }
    }

    /** The woven class file, or null when no method matched; {@link Refused} when unsafe to weave. */
    byte[] weave(List<MethodHook> hooks, byte[] classfile) {
        return weave(hooks, classfile, null, null);
    }

    /**
     * As {@link #weave(List, byte[])}, adding {@code name+descriptor} of each woven method to
     * {@code wovenMethods} when given; {@code between}, for tests, wraps the writer (ASM's
     * {@code CheckClassAdapter} checks what the weaver writes, call by call).
     */
    byte[] weave(List<MethodHook> hooks, byte[] classfile, List<String> wovenMethods,
                 UnaryOperator<ClassVisitor> between) {
        int major = ((classfile[6] & 0xFF) << 8) | (classfile[7] & 0xFF);
        if (major > NEWEST_KNOWN) {
            // ASM would refuse it, and reading it as an older version could miss what is new in it.
            throw new Refused("its class file version " + major + " (Java " + (major - 44)
                    + ") is newer than this agent reads (" + NEWEST_KNOWN + ", Java " + (NEWEST_KNOWN - 44) + ")");
        }
        ClassReader reader = new ClassReader(classfile);
        // Given the reader, the writer copies every method no hook touches as it was.
        ClassWriter writer = new ClassWriter(reader, 0);
        WovenClass woven = new WovenClass(between == null ? writer : between.apply(writer), hooks);
        reader.accept(woven, ClassReader.EXPAND_FRAMES);
        if (woven.refused != null) {
            throw new Refused(woven.refused);
        }
        if (wovenMethods != null) {
            wovenMethods.addAll(woven.methods);
        }
        return woven.methods.isEmpty() ? null : writer.toByteArray();
    }

    private static final class WovenClass extends ClassVisitor implements Refusal {
        private final List<MethodHook> hooks;
        /** The class's own instance fields, name to descriptor (the reader visits them before the methods). */
        private final Map<String, String> fields = new HashMap<>();
        private final List<String> methods = new ArrayList<>();
        private String owner;
        private boolean frames;
        /** Why the class cannot be woven safely, once a method says so. */
        String refused;

        WovenClass(ClassVisitor next, List<MethodHook> hooks) {
            super(WovenMethod.API, next);
            this.hooks = hooks;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            owner = name;
            // Class files before Java 6 have no stack map frames, and must get none.
            frames = (version & 0xFFFF) >= Opcodes.V1_6;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            if ((access & Opcodes.ACC_STATIC) == 0) {
                fields.put(name, descriptor);
            }
            return super.visitField(access, name, descriptor, signature, value);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodVisitor visitor = super.visitMethod(access, name, descriptor, signature, exceptions);
            // A bridge or synthetic method (javac's bridges, other compilers' accessors) forwards
            // to or stands beside the method a hook means: weaving it too would trace twice.
            if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) != 0) {
                return visitor;
            }
            List<MethodHook> matched = new ArrayList<>();
            for (MethodHook hook : hooks) {
                if (hook.methods.matches(name, descriptor) && hasFields(hook, name)) {
                    matched.add(hook);
                }
            }
            if (matched.isEmpty()) {
                return visitor;
            }
            methods.add(name + descriptor);
            for (MethodHook hook : matched) {
                visitor = new WovenMethod(visitor, hook, this, owner, access, name, descriptor, frames);
            }
            return visitor;
        }

        @Override
        public void refuse(String method, String why) {
            if (refused == null) {
                refused = "its method " + method + " " + why;
            }
        }

        /** False, with a warning, when a field the hook reads is not the class's own as we know it. */
        private boolean hasFields(MethodHook hook, String method) {
            for (String[] field : hook.ownFields()) {
                if (!field[1].equals(fields.get(field[0]))) {
                    AgentLog.warn("could not instrument " + owner.replace('/', '.') + "." + method + ", it runs untraced:"
                            + " no field " + field[0] + " of type " + field[1] + " declared by the class in this version");
                    return false;
                }
            }
            return true;
        }
    }
}
