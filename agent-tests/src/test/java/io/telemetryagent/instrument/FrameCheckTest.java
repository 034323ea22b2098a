package io.telemetryagent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** {@link FrameCheck} finds the frame HotSpot rejects, and passes the same method with a true frame. */
class FrameCheckTest {

    @Test
    void findsAHandlerFrameThatCallsAReusedSlotItsOldType() {
        List<String> problems = FrameCheck.problems(reusedSlot("java/lang/String"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("gen/Bad.handle(Ljava/lang/String;)V frame at instruction"), problems.get(0));
        assertTrue(problems.get(0).contains("local 1 declared java/lang/String but"), problems.get(0));
    }

    @Test
    void passesTheSameMethodWhenItsHandlerFrameLeavesTheSlotOut() {
        assertEquals(List.of(), FrameCheck.problems(reusedSlot(null)));
    }

    /**
     * {@code handle(String s)} stores an int into s's slot inside a try range whose catch-all
     * handler's frame says slot 1 is {@code handlerSlot1} (left out, TOP, when null).
     */
    private static byte[] reusedSlot(String handlerSlot1) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, "gen/Bad", null, "java/lang/Object", null);
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC, "handle", "(Ljava/lang/String;)V", null, null);
        method.visitCode();
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        method.visitTryCatchBlock(start, end, handler, null);
        method.visitLabel(start);
        method.visitVarInsn(Opcodes.ALOAD, 1);
        method.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
        method.visitVarInsn(Opcodes.ISTORE, 1);
        method.visitInsn(Opcodes.RETURN);
        method.visitLabel(end);
        method.visitLabel(handler);
        Object[] locals = handlerSlot1 == null ? new Object[] {"gen/Bad"} : new Object[] {"gen/Bad", handlerSlot1};
        method.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
        method.visitInsn(Opcodes.ATHROW);
        method.visitMaxs(1, 2);
        method.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
