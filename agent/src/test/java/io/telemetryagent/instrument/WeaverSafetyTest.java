package io.telemetryagent.instrument;

import static io.telemetryagent.instrument.HookWeaverTest.checkedWeave;
import static io.telemetryagent.instrument.HookWeaverTest.classBytes;
import static io.telemetryagent.instrument.HookWeaverTest.define;
import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.constructors;
import static io.telemetryagent.instrument.MethodHook.field;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.Hook;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.AdviceAdapter;

/**
 * The weaver fails closed: class files that javac does not write but other compilers, bytecode
 * tools and agents do are woven so that the JVM verifies and runs them (each woven class is
 * defined in a fresh loader, so HotSpot's verifier checks it, and every weave also passes ASM's
 * CheckClassAdapter), and what cannot be woven safely is refused, leaving the class as it was.
 */
class WeaverSafetyTest {

    private static final int A = 60;
    private static final int B = 61;

    private final List<HookWeaverTest.Event> events = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void uninstall() {
        Bridge.uninstall();
    }

    // ---- an argument's slot reused with another type ----

    @Test
    void spanReadsTheArgumentAtExitEvenWhenTheMethodReusedItsSlotForAnInt() throws Throwable {
        byte[] classfile = reusedSlotClass("gen/Reuse");
        Class<?> woven = define("gen.Reuse", checkedWeave(List.of(
                MethodHook.span(named("handle"), A, self(), argument(0)).end(argument(0), true, true)), classfile));
        install(recorder(A));
        Object target = woven.getConstructor().newInstance();
        Method handle = woven.getMethod("handle", String.class);

        assertEquals("5", invoke(handle, target, "hello"));
        assertEquals("hello", lastExit().self, "the argument as the method got it, not the int in its slot");
        assertEquals("5", lastExit().result);

        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> invoke(handle, target, "hi"));
        assertEquals("2", thrown.getMessage());
        assertSame(thrown, lastExit().thrown);
        assertEquals("hi", lastExit().self);
    }

    @Test
    void spanTokenSurvivesALongStoredOverTheLastArgumentsSlot() throws Throwable {
        // The long takes slots 1 and 2: the slot just after the arguments, where a token would go.
        byte[] classfile = reusedSlotClass("gen/Wide");
        Class<?> woven = define("gen.Wide", checkedWeave(List.of(
                MethodHook.span(named("wide"), A, argument(0)).end(argument(0), true, true)), classfile));
        install(recorder(A));
        Object target = woven.getConstructor().newInstance();

        assertEquals("6", invoke(woven.getMethod("wide", String.class), target, "abcdef"));
        HookWeaverTest.Event exit = lastExit();
        assertSame(events.get(0).returned, exit.token);
        assertEquals("abcdef", exit.self);
    }

    @Test
    void atReturnOnAMethodThatReusedItsArgumentSlotSeesTheArgument() throws Throwable {
        byte[] classfile = reusedSlotClass("gen/Reuse");
        Class<?> woven = define("gen.Reuse", checkedWeave(List.of(
                MethodHook.atReturn(named("handle"), A, MethodHook.result(), argument(0))), classfile));
        install(recorder(A));

        assertEquals("5", invoke(woven.getMethod("handle", String.class), woven.getConstructor().newInstance(), "hello"));
        assertEquals("5", events.get(0).self);
        assertEquals("hello", events.get(0).arg0);
    }

    @Test
    void constructorThatStoresIntoAnArgumentReadAtItsReturnIsRefused() {
        byte[] classfile = reusedSlotClass("gen/Reuse");
        HookWeaver.Refused refused = assertThrows(HookWeaver.Refused.class, () -> new HookWeaver().weave(List.of(
                MethodHook.atReturn(constructors().arguments(1), A, self(), argument(0))), classfile));
        assertEquals("its method <init>(Ljava/lang/String;)V stores into slot 1, which holds a value read as it returns",
                refused.getMessage());
    }

    /**
     * {@code gen.Reuse} or {@code gen.Wide}, written as no javac would: {@code handle(String s)}
     * stores {@code s.length()} into the argument's own slot, returns it as text when over 3,
     * else throws it; {@code wide(String s)} stores it as a long over slots 1 and 2. A constructor
     * {@code (String)} does the same with an int.
     */
    static byte[] reusedSlotClass(String internalName) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String type1, String type2) {
                return "java/lang/Object";
            }
        };
        writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object", null);
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        MethodVisitor reusing = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(Ljava/lang/String;)V", null, null);
        reusing.visitCode();
        reusing.visitVarInsn(Opcodes.ALOAD, 0);
        reusing.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        reusing.visitInsn(Opcodes.ICONST_1);
        reusing.visitVarInsn(Opcodes.ISTORE, 1);
        reusing.visitInsn(Opcodes.RETURN);
        reusing.visitMaxs(0, 0);
        reusing.visitEnd();

        MethodVisitor handle = writer.visitMethod(Opcodes.ACC_PUBLIC, "handle", "(Ljava/lang/String;)Ljava/lang/String;",
                null, null);
        handle.visitCode();
        handle.visitVarInsn(Opcodes.ALOAD, 1);
        handle.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
        handle.visitVarInsn(Opcodes.ISTORE, 1);
        Label small = new Label();
        handle.visitVarInsn(Opcodes.ILOAD, 1);
        handle.visitInsn(Opcodes.ICONST_3);
        handle.visitJumpInsn(Opcodes.IF_ICMPLE, small);
        handle.visitVarInsn(Opcodes.ILOAD, 1);
        handle.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "toString", "(I)Ljava/lang/String;", false);
        handle.visitInsn(Opcodes.ARETURN);
        handle.visitLabel(small);
        handle.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalArgumentException");
        handle.visitInsn(Opcodes.DUP);
        handle.visitVarInsn(Opcodes.ILOAD, 1);
        handle.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "toString", "(I)Ljava/lang/String;", false);
        handle.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalArgumentException", "<init>",
                "(Ljava/lang/String;)V", false);
        handle.visitInsn(Opcodes.ATHROW);
        handle.visitMaxs(0, 0);
        handle.visitEnd();

        MethodVisitor wide = writer.visitMethod(Opcodes.ACC_PUBLIC, "wide", "(Ljava/lang/String;)Ljava/lang/String;",
                null, null);
        wide.visitCode();
        wide.visitVarInsn(Opcodes.ALOAD, 1);
        wide.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
        wide.visitInsn(Opcodes.I2L);
        wide.visitVarInsn(Opcodes.LSTORE, 1);
        Label done = new Label();
        wide.visitVarInsn(Opcodes.LLOAD, 1);
        wide.visitInsn(Opcodes.LCONST_0);
        wide.visitInsn(Opcodes.LCMP);
        wide.visitJumpInsn(Opcodes.IFGE, done);
        wide.visitInsn(Opcodes.LCONST_0);
        wide.visitVarInsn(Opcodes.LSTORE, 1);
        wide.visitLabel(done);
        wide.visitVarInsn(Opcodes.LLOAD, 1);
        wide.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Long", "toString", "(J)Ljava/lang/String;", false);
        wide.visitInsn(Opcodes.ARETURN);
        wide.visitMaxs(0, 0);
        wide.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    // ---- JSR and RET (class files before Java 7) ----

    @Test
    void classFileWithJsrAndRetIsWovenAndVerifiedByTheOldVerifier() throws Throwable {
        byte[] classfile = jsrClass();
        Method unwoven = define("gen.Jsr", classfile).getMethod("count", int.class);
        Method count = define("gen.Jsr", checkedWeave(List.of(
                MethodHook.span(named("count"), A, argument(0)).end(argument(0), true, true)), classfile))
                .getMethod("count", int.class);
        install(recorder(A));

        for (int n = 0; n < 4; n++) {
            assertEquals(invoke(unwoven, null, n), invoke(count, null, n));
            assertEquals(n + 2, lastExit().result);
            assertEquals(n, lastExit().self, "the argument as passed, though the subroutine changed its slot");
        }
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> invoke(count, null, -1));
        assertSame(thrown, lastExit().thrown);
    }

    /** {@code gen.Jsr}, Java 1.4: {@code static int count(int n)} throws for n < 0, else a subroutine adds 1 to n, then 1 more. */
    private static byte[] jsrClass() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V1_4, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "gen/Jsr", null, "java/lang/Object", null);
        MethodVisitor count = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "count", "(I)I", null, null);
        count.visitCode();
        Label ok = new Label();
        Label subroutine = new Label();
        count.visitVarInsn(Opcodes.ILOAD, 0);
        count.visitJumpInsn(Opcodes.IFGE, ok);
        count.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalArgumentException");
        count.visitInsn(Opcodes.DUP);
        count.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalArgumentException", "<init>", "()V", false);
        count.visitInsn(Opcodes.ATHROW);
        count.visitLabel(ok);
        count.visitJumpInsn(Opcodes.JSR, subroutine);
        count.visitVarInsn(Opcodes.ILOAD, 0);
        count.visitInsn(Opcodes.ICONST_1);
        count.visitInsn(Opcodes.IADD);
        count.visitInsn(Opcodes.IRETURN);
        count.visitLabel(subroutine);
        count.visitVarInsn(Opcodes.ASTORE, 1);
        count.visitIincInsn(0, 1);
        count.visitVarInsn(Opcodes.RET, 1);
        count.visitMaxs(0, 0);
        count.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    // ---- a class another agent rewrote first ----

    @Test
    void classAnotherAgentRewroteWithAdviceAdapterAndComputedFramesIsWovenAndRuns() throws Throwable {
        byte[] rewritten = rewrittenByAnotherAgent(classBytes(WeaveTargets.Spans.class));
        Class<?> woven = define(WeaveTargets.Spans.class.getName(), checkedWeave(List.of(
                MethodHook.span(named("object", "primitiveLong", "withFinally", "synchronizedBlock", "fails"), A,
                        self()).end(self(), true, true),
                MethodHook.span(named("withFinally"), B, argument(0)).end(argument(1), true, true)), rewritten));
        install(recorder(A), recorder(B));
        Object target = woven.getConstructor().newInstance();

        assertEquals("r:x", invoke(woven.getMethod("object", String.class), target, "x"));
        assertEquals("r:x", lastExit().result);
        assertEquals(42L, invoke(woven.getMethod("primitiveLong", long.class), target, 21L));
        assertEquals(42L, lastExit().result);
        List<String> log = new ArrayList<>();
        Method withFinally = woven.getMethod("withFinally", List.class, boolean.class);
        assertThrows(IllegalStateException.class, () -> invoke(withFinally, target, log, true));
        assertEquals(List.of("finally"), log);
        assertTrue(lastExit().thrown instanceof IllegalStateException);
        assertEquals(true, events.get(events.size() - 2).self, "B's exit, inner, sees its argument");
        Method synchronizedBlock = woven.getMethod("synchronizedBlock", List.class, boolean.class);
        assertThrows(UnsupportedOperationException.class, () -> invoke(synchronizedBlock, target, log, true));
        assertEquals(2, invoke(synchronizedBlock, target, log, false));
        RuntimeException boom = new RuntimeException("boom");
        assertSame(boom, assertThrows(RuntimeException.class,
                () -> invoke(woven.getMethod("fails", RuntimeException.class), target, boom)));
        assertSame(boom, lastExit().thrown);
    }

    /**
     * What a typical ASM agent does: a new long local holding {@code System.nanoTime()} at entry,
     * read at every exit, frames computed by ASM's writer (compressed, new locals sorted in).
     */
    private static byte[] rewrittenByAnotherAgent(byte[] classfile) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                return new AdviceAdapter(Opcodes.ASM9, next, access, name, descriptor) {
                    private int started;

                    @Override
                    protected void onMethodEnter() {
                        started = newLocal(Type.LONG_TYPE);
                        visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
                        visitVarInsn(Opcodes.LSTORE, started);
                    }

                    @Override
                    protected void onMethodExit(int opcode) {
                        visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
                        visitVarInsn(Opcodes.LLOAD, started);
                        visitInsn(Opcodes.LSUB);
                        visitInsn(Opcodes.POP2);
                    }
                };
            }
        }, ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    // ---- methods never woven, fields checked ----

    @Test
    void bridgeMethodIsNotWovenOnlyTheMethodItForwardsTo() throws Throwable {
        List<String> methods = new ArrayList<>();
        byte[] woven = new HookWeaver().weave(List.of(MethodHook.call(named("compareTo"), A, self())),
                classBytes(WeaveTargets.Bridged.class), methods, null);

        assertEquals(List.of("compareTo(Lio/telemetryagent/instrument/WeaveTargets$Bridged;)I"), methods);
        install(recorder(A));
        Class<?> type = define(WeaveTargets.Bridged.class.getName(), woven);
        Object one = type.getConstructor().newInstance();
        @SuppressWarnings("unchecked")
        Comparable<Object> comparable = (Comparable<Object>) one;
        assertEquals(0, comparable.compareTo(type.getConstructor().newInstance()), "called through the bridge");
        assertEquals(1, events.size(), "one enter, not one in the bridge and one in the method: " + events);
    }

    @Test
    void staticFieldOfTheNameAHookReadsIsNotTheInstanceFieldItWants() throws Throwable {
        assertNull(new HookWeaver().weave(List.of(MethodHook.call(named("describe"), A, field("count", "I"))),
                classBytes(WeaveTargets.StaticField.class)));
    }

    // ---- helpers ----

    private static Object invoke(Method method, Object target, Object... args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private HookWeaverTest.Recorder recorder(int id) {
        return new HookWeaverTest.Recorder(id, events);
    }

    private static void install(HookWeaverTest.Recorder... recorders) {
        Hook[] hooks = new Hook[WovenJdkRun.SLOTS];
        for (HookWeaverTest.Recorder r : recorders) {
            hooks[r.id] = r;
        }
        Bridge.install(hooks);
    }

    private HookWeaverTest.Event lastExit() {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).kind.equals("exit")) {
                return events.get(i);
            }
        }
        throw new AssertionError("no exit in " + events);
    }
}
