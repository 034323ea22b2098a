package io.telemetryagent.instrument;

import java.util.Arrays;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.TypePath;

/**
 * One {@link MethodHook} woven into one method. Several hooks on a method are several of these
 * in a chain, each seeing the others' code as part of the method.
 *
 * <p>A hook that runs code at the method's exit (a span, or a call at return that reads {@code
 * this}, an argument or a field) must see the values the method was called with, whatever the
 * method later stores in those slots: legal bytecode may reuse an argument's slot for a value of
 * another type (javac does not; other compilers and bytecode tools do). So, as Byte Buddy's
 * Advice does, the method's own code is moved up past a prefix of ours: {@code this} and the
 * arguments stay untouched in their slots, then the span's token; the prologue copies {@code
 * this} and the arguments into the moved slots, where the method's code finds them. Every stack
 * map frame gets the prefix, which holds the same types everywhere after the prologue, so the
 * frame at the catch-all handler needs no analysis of the method.
 *
 * <p>A constructor is not moved ({@code this} is not an object until {@code super(...)}), and
 * takes only hooks that run as it returns; one that stores into a slot such a hook reads is
 * {@link HookWeaver.Refused refused}.
 *
 * <p>The prologue, the catch-all's registration and its start label go in just before the
 * method's first instruction, after the method's own try-catch blocks: those come first in the
 * exception table, and the catch-all is registered before its labels are visited (ASM's contract).
 * Of two catch-alls on a method, the inner one (woven by the outer visitor) is registered first.
 */
final class WovenMethod extends MethodVisitor {

    static final int API = Opcodes.ASM9;
    private static final String BRIDGE = "io/telemetryagent/bootstrap/Bridge";
    private static final String ENTER = "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;I)Ljava/lang/Object;";
    private static final String EXIT = "(Ljava/lang/Object;Ljava/lang/Throwable;Ljava/lang/Object;Ljava/lang/Object;I)V";
    private static final String REPLACE = "(Ljava/lang/Object;I)Ljava/lang/Object;";
    /** Enough for what any woven call pushes above the method's own stack. */
    private static final int EXTRA_STACK = 8;

    private final MethodHook hook;
    private final HookWeaver.Refusal refusal;
    private final String method;
    private final String owner;
    private final boolean isStatic;
    private final String descriptor;
    private final String[] arguments;
    private final int[] argumentSlots;
    /** The first slot after {@code this} and the arguments: where the token goes. */
    private final int firstLocal;
    /** How far the method's own slots move: 0 when they stay. */
    private final int shift;
    /** The frame entries of the slots below {@link #shift}. */
    private final Object[] prefix;
    /** In a constructor, which slots (a bit each, up to 64) a hook reads at its return. */
    private final long readAtReturn;
    private final boolean frames;
    private final boolean catchAll;
    private final Label tryStart = new Label();
    private final Label handler = new Label();
    private boolean started;

    WovenMethod(MethodVisitor next, MethodHook hook, HookWeaver.Refusal refusal, String owner, int access,
                String name, String descriptor, boolean frames) {
        super(API, next);
        this.hook = hook;
        this.refusal = refusal;
        this.method = name + descriptor;
        this.owner = owner;
        this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
        this.descriptor = descriptor;
        this.arguments = Descriptors.arguments(descriptor).toArray(new String[0]);
        this.argumentSlots = new int[arguments.length];
        int slot = isStatic ? 0 : 1;
        for (int i = 0; i < arguments.length; i++) {
            argumentSlots[i] = slot;
            slot += Descriptors.size(arguments[i]);
        }
        this.firstLocal = slot;
        this.frames = frames;
        this.catchAll = hook.shape == MethodHook.SPAN || hook.shape == MethodHook.AT_THROW;
        boolean constructor = "<init>".equals(name);
        boolean atStart = hook.shape == MethodHook.CALL || hook.shape == MethodHook.SPAN
                || hook.shape == MethodHook.REPLACE_ARGUMENT || hook.shape == MethodHook.AT_THROW;
        if (constructor && atStart) {
            // Before super(...), this is not an object yet; after a throw, it may never be.
            throw new IllegalStateException("a constructor takes only hooks that run as it returns");
        }
        if (isStatic && uses(MethodHook.THIS, MethodHook.FIELD)) {
            throw new IllegalStateException("a static method has no this");
        }
        boolean readsAtExit = readsAtExit();
        if (!constructor && (hook.shape == MethodHook.SPAN || readsAtExit)) {
            this.shift = firstLocal + (hook.shape == MethodHook.SPAN ? 1 : 0);
            this.prefix = prefix();
            this.readAtReturn = 0;
        } else {
            this.shift = 0;
            this.prefix = new Object[0];
            this.readAtReturn = constructor && readsAtExit ? slotsReadAtExit() : 0;
        }
    }

    private boolean uses(int kind, int otherKind) {
        for (MethodHook.Value value : hook.values) {
            if (value.kind == kind || value.kind == otherKind) {
                return true;
            }
        }
        return hook.exitSelf != null && (hook.exitSelf.kind == kind || hook.exitSelf.kind == otherKind);
    }

    /** Whether code woven at the method's exit reads {@code this} or an argument. */
    private boolean readsAtExit() {
        switch (hook.shape) {
            case MethodHook.SPAN:
                return hook.exitSelf != null && readsLocal(hook.exitSelf);
            case MethodHook.AT_RETURN:
                for (MethodHook.Value value : hook.values) {
                    if (readsLocal(value)) {
                        return true;
                    }
                }
                return false;
            case MethodHook.REPLACE_FIELD:
                return true;
            default:
                return false;
        }
    }

    private static boolean readsLocal(MethodHook.Value value) {
        return value.kind == MethodHook.THIS || value.kind == MethodHook.FIELD || value.kind == MethodHook.ARGUMENT;
    }

    private long slotsReadAtExit() {
        long slots = 0;
        MethodHook.Value[] values = hook.shape == MethodHook.REPLACE_FIELD
                ? new MethodHook.Value[] {MethodHook.self()} : hook.values;
        for (MethodHook.Value value : values) {
            if (value.kind == MethodHook.THIS || value.kind == MethodHook.FIELD) {
                slots |= 1L;
            } else if (value.kind == MethodHook.ARGUMENT) {
                int slot = argumentSlots[value.index];
                // Beyond 62 slots (never seen), every store counts as one into a slot read.
                slots |= slot >= 62 ? -1L : (Descriptors.size(arguments[value.index]) == 2 ? 3L : 1L) << slot;
            }
        }
        return slots;
    }

    /** {@code this}, the arguments and the token, as frame entries. */
    private Object[] prefix() {
        Object[] entries = new Object[(isStatic ? 0 : 1) + arguments.length + (hook.shape == MethodHook.SPAN ? 1 : 0)];
        int count = 0;
        if (!isStatic) {
            entries[count++] = owner;
        }
        for (String argument : arguments) {
            entries[count++] = frameType(argument);
        }
        if (hook.shape == MethodHook.SPAN) {
            entries[count] = "java/lang/Object";
        }
        return entries;
    }

    // ---- the prologue, at the method's first instruction ----

    /** Emits the prologue once, before the first thing that is not one of the method's own try-catch blocks. */
    private void start() {
        if (started) {
            return;
        }
        started = true;
        if (catchAll) {
            super.visitTryCatchBlock(tryStart, handler, handler, null);
        }
        switch (hook.shape) {
            case MethodHook.CALL:
                callEnter(hook.values, 0);
                super.visitInsn(Opcodes.POP);
                break;
            case MethodHook.SPAN:
                callEnter(hook.values, 0);
                super.visitVarInsn(Opcodes.ASTORE, firstLocal);
                break;
            case MethodHook.REPLACE_ARGUMENT: {
                int slot = argumentSlots[hook.argumentIndex];
                String type = arguments[hook.argumentIndex];
                super.visitVarInsn(Opcodes.ALOAD, slot);
                pushId();
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "replace", REPLACE, false);
                super.visitTypeInsn(Opcodes.CHECKCAST, internalName(type));
                super.visitVarInsn(Opcodes.ASTORE, slot);
                break;
            }
            default:
                break;
        }
        if (shift > 0) {
            // The method's own code works on copies; the originals stay for the exit.
            if (!isStatic) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitVarInsn(Opcodes.ASTORE, shift);
            }
            for (int i = 0; i < arguments.length; i++) {
                super.visitVarInsn(loadOpcode(arguments[i]), argumentSlots[i]);
                super.visitVarInsn(loadOpcode(arguments[i]) + (Opcodes.ISTORE - Opcodes.ILOAD), shift + argumentSlots[i]);
            }
        }
        if (catchAll) {
            super.visitLabel(tryStart);
        }
    }

    // ---- the method's own code, moved ----

    @Override
    public void visitFrame(int type, int localCount, Object[] locals, int stackCount, Object[] stack) {
        start();
        if (shift == 0) {
            super.visitFrame(type, localCount, locals, stackCount, stack);
            return;
        }
        if (type != Opcodes.F_NEW) {
            refusal.refuse(method, "has a compressed frame where an expanded one was asked for");
            super.visitFrame(type, localCount, locals, stackCount, stack);
            return;
        }
        Object[] moved = Arrays.copyOf(prefix, prefix.length + localCount);
        System.arraycopy(locals, 0, moved, prefix.length, localCount);
        super.visitFrame(Opcodes.F_NEW, moved.length, moved, stackCount, stack);
    }

    @Override
    public void visitVarInsn(int opcode, int slot) {
        start();
        if (opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE) {
            checkStore(slot, opcode == Opcodes.LSTORE || opcode == Opcodes.DSTORE ? 2 : 1);
        }
        super.visitVarInsn(opcode, slot + shift);
    }

    @Override
    public void visitIincInsn(int slot, int increment) {
        start();
        checkStore(slot, 1);
        super.visitIincInsn(slot + shift, increment);
    }

    /** In a constructor, a store into a slot a hook reads at its return: refused. */
    private void checkStore(int slot, int size) {
        if (readAtReturn != 0) {
            long written = slot >= 62 ? -1L : (size == 2 ? 3L : 1L) << slot;
            if ((written & readAtReturn) != 0) {
                refusal.refuse(method, "stores into slot " + slot + ", which holds a value read as it returns");
            }
        }
    }

    @Override
    public void visitLocalVariable(String name, String localDescriptor, String signature, Label start, Label end,
                                   int slot) {
        start();
        super.visitLocalVariable(name, localDescriptor, signature, start, end, slot + shift);
    }

    @Override
    public AnnotationVisitor visitLocalVariableAnnotation(int typeRef, TypePath typePath, Label[] start, Label[] end,
                                                          int[] slots, String annotation, boolean visible) {
        start();
        int[] movedSlots = new int[slots.length];
        for (int i = 0; i < slots.length; i++) {
            movedSlots[i] = slots[i] + shift;
        }
        return super.visitLocalVariableAnnotation(typeRef, typePath, start, end, movedSlots, annotation, visible);
    }

    @Override
    public void visitInsn(int opcode) {
        start();
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            atReturn(opcode);
        }
        super.visitInsn(opcode);
    }

    @Override
    public void visitMethodInsn(int opcode, String callOwner, String name, String callDescriptor,
                                boolean isInterface) {
        start();
        String[] redirect = hook.redirect;
        if (redirect != null && redirect[0].equals(callOwner) && redirect[1].equals(name)
                && redirect[2].equals(callDescriptor)) {
            pushId();
            super.visitMethodInsn(Opcodes.INVOKESTATIC, redirect[3], redirect[4], redirect[5], false);
        } else {
            super.visitMethodInsn(opcode, callOwner, name, callDescriptor, isInterface);
        }
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        start();
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        start();
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String fieldOwner, String name, String fieldDescriptor) {
        start();
        super.visitFieldInsn(opcode, fieldOwner, name, fieldDescriptor);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String indyDescriptor, Handle bootstrap, Object... arguments) {
        start();
        super.visitInvokeDynamicInsn(name, indyDescriptor, bootstrap, arguments);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        start();
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLabel(Label label) {
        start();
        super.visitLabel(label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        start();
        super.visitLdcInsn(value);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        start();
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        start();
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String arrayDescriptor, int dimensions) {
        start();
        super.visitMultiANewArrayInsn(arrayDescriptor, dimensions);
    }

    @Override
    public void visitLineNumber(int line, Label start) {
        start();
        super.visitLineNumber(line, start);
    }

    // ---- the exits ----

    private void atReturn(int opcode) {
        switch (hook.shape) {
            case MethodHook.SPAN:
                if (hook.passResult && opcode != Opcodes.RETURN) {
                    pushResultCopy();
                } else {
                    super.visitInsn(Opcodes.ACONST_NULL);
                }
                super.visitInsn(Opcodes.ACONST_NULL);
                callExit();
                break;
            case MethodHook.AT_RETURN:
                if (hook.values.length > 0 && hook.values[0].kind == MethodHook.RESULT) {
                    if (opcode == Opcodes.RETURN) {
                        super.visitInsn(Opcodes.ACONST_NULL); // a void method returns nothing
                    } else {
                        pushResultCopy();
                    }
                    callEnter(Arrays.copyOfRange(hook.values, 1, hook.values.length), 1);
                } else {
                    callEnter(hook.values, 0);
                }
                super.visitInsn(Opcodes.POP);
                break;
            case MethodHook.REPLACE_FIELD:
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitFieldInsn(Opcodes.GETFIELD, owner, hook.fieldName, hook.fieldDescriptor);
                pushId();
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "replace", REPLACE, false);
                super.visitTypeInsn(Opcodes.CHECKCAST, internalName(hook.fieldDescriptor));
                super.visitFieldInsn(Opcodes.PUTFIELD, owner, hook.fieldName, hook.fieldDescriptor);
                break;
            default:
                break;
        }
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        start();
        if (catchAll) {
            super.visitLabel(handler);
            if (frames) {
                // At the handler only our prefix is known; everything above it is TOP.
                super.visitFrame(Opcodes.F_NEW, prefix.length, prefix, 1, new Object[] {"java/lang/Throwable"});
            }
            if (hook.shape == MethodHook.SPAN) {
                if (hook.passThrown) {
                    super.visitInsn(Opcodes.DUP);
                    super.visitInsn(Opcodes.ACONST_NULL);
                    super.visitInsn(Opcodes.SWAP);
                } else {
                    super.visitInsn(Opcodes.ACONST_NULL);
                    super.visitInsn(Opcodes.ACONST_NULL);
                }
                callExit();
            } else {
                super.visitInsn(Opcodes.DUP);
                super.visitInsn(Opcodes.ACONST_NULL);
                super.visitInsn(Opcodes.ACONST_NULL);
                pushId();
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "enter", ENTER, false);
                super.visitInsn(Opcodes.POP);
            }
            super.visitInsn(Opcodes.ATHROW);
        }
        super.visitMaxs(maxStack + EXTRA_STACK, maxLocals + shift);
    }

    // ---- bridge calls ----

    /** With {@code pushed} values already on the stack. */
    private void callEnter(MethodHook.Value[] values, int pushed) {
        for (int i = 0; i < 3 - pushed; i++) {
            if (i < values.length) {
                push(values[i]);
            } else {
                super.visitInsn(Opcodes.ACONST_NULL);
            }
        }
        pushId();
        super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "enter", ENTER, false);
    }

    /** With result and thrown already on the stack. */
    private void callExit() {
        super.visitVarInsn(Opcodes.ALOAD, firstLocal);
        push(hook.exitSelf);
        pushId();
        super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "exit", EXIT, false);
    }

    /** The value about to be returned, copied on the stack and boxed when primitive. */
    private void pushResultCopy() {
        String type = Descriptors.returnType(descriptor);
        super.visitInsn(Descriptors.size(type) == 2 ? Opcodes.DUP2 : Opcodes.DUP);
        box(type);
    }

    /** The hook's id as a constant: ids are given in order from 0, and a library adds a few. */
    private void pushId() {
        int id = hook.id;
        if (id <= 5) {
            super.visitInsn(Opcodes.ICONST_0 + id);
        } else if (id <= Byte.MAX_VALUE) {
            super.visitIntInsn(Opcodes.BIPUSH, id);
        } else {
            super.visitIntInsn(Opcodes.SIPUSH, id);
        }
    }

    /** A value from the untouched slots: {@code this} and the arguments as the method got them. */
    private void push(MethodHook.Value value) {
        switch (value.kind) {
            case MethodHook.THIS:
                super.visitVarInsn(Opcodes.ALOAD, 0);
                break;
            case MethodHook.ARGUMENT: {
                String type = arguments[value.index];
                super.visitVarInsn(loadOpcode(type), argumentSlots[value.index]);
                box(type);
                break;
            }
            case MethodHook.FIELD:
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitFieldInsn(Opcodes.GETFIELD, owner, value.name, value.descriptor);
                box(value.descriptor);
                break;
            case MethodHook.TRUE:
                super.visitFieldInsn(Opcodes.GETSTATIC, "java/lang/Boolean", "TRUE", "Ljava/lang/Boolean;");
                break;
            default:
                super.visitInsn(Opcodes.ACONST_NULL);
                break;
        }
    }

    private void box(String type) {
        String wrapper;
        switch (type.charAt(0)) {
            case 'Z': wrapper = "java/lang/Boolean"; break;
            case 'B': wrapper = "java/lang/Byte"; break;
            case 'C': wrapper = "java/lang/Character"; break;
            case 'S': wrapper = "java/lang/Short"; break;
            case 'I': wrapper = "java/lang/Integer"; break;
            case 'J': wrapper = "java/lang/Long"; break;
            case 'F': wrapper = "java/lang/Float"; break;
            case 'D': wrapper = "java/lang/Double"; break;
            default: return;
        }
        super.visitMethodInsn(Opcodes.INVOKESTATIC, wrapper, "valueOf", "(" + type.charAt(0) + ")L" + wrapper + ";",
                false);
    }

    private static int loadOpcode(String type) {
        switch (type.charAt(0)) {
            case 'Z': case 'B': case 'C': case 'S': case 'I': return Opcodes.ILOAD;
            case 'J': return Opcodes.LLOAD;
            case 'F': return Opcodes.FLOAD;
            case 'D': return Opcodes.DLOAD;
            default: return Opcodes.ALOAD;
        }
    }

    private static Object frameType(String type) {
        switch (type.charAt(0)) {
            case 'Z': case 'B': case 'C': case 'S': case 'I': return Opcodes.INTEGER;
            case 'J': return Opcodes.LONG;
            case 'F': return Opcodes.FLOAT;
            case 'D': return Opcodes.DOUBLE;
            case 'L': return type.substring(1, type.length() - 1);
            default: return type;
        }
    }

    private static String internalName(String type) {
        return type.charAt(0) == 'L' ? type.substring(1, type.length() - 1) : type;
    }
}
