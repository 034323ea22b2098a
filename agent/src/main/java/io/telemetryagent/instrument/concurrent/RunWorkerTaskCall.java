package io.telemetryagent.instrument.concurrent;

import io.telemetryagent.bootstrap.TaskRunner;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Rewrites {@code task.run()} in {@code ThreadPoolExecutor.runWorker} into
 * {@code TaskRunner.run(task)}: same operand stack, same exceptions, the task object untouched
 * (see {@link TaskRunner} for why a call site).
 */
final class RunWorkerTaskCall implements AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper {

    private static final String RUNNER = Type.getInternalName(TaskRunner.class);

    @Override
    public MethodVisitor wrap(TypeDescription instrumentedType, MethodDescription instrumentedMethod,
                              MethodVisitor methodVisitor, Implementation.Context implementationContext,
                              TypePool typePool, int writerFlags, int readerFlags) {
        return new MethodVisitor(OpenedClassReader.ASM_API, methodVisitor) {
            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                if (opcode == Opcodes.INVOKEINTERFACE && "java/lang/Runnable".equals(owner)
                        && "run".equals(name) && "()V".equals(descriptor)) {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, RUNNER, "run", "(Ljava/lang/Runnable;)V", false);
                } else {
                    super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                }
            }
        };
    }
}
