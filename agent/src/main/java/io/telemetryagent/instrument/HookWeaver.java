package io.telemetryagent.instrument;

import io.telemetryagent.log.AgentLog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.TypePath;

/**
 * Weaves {@link MethodHook}s into a class file with ASM's reader and writer and nothing else: no
 * type pool, no class loaded, about twenty classes in all, so that the agent can weave within
 * milliseconds of starting (Byte Buddy's advice machinery took some 300 ms to load and warm on a
 * busy two-core machine, and the host's first request waited for it).
 *
 * <p>The class keeps its shape (no field or method added), so classes already loaded can be
 * retransformed. Methods no hook names are copied as they were. In a woven method, a span's
 * token takes a new local variable slot just after the arguments; the method's own locals move
 * up by one, and every stack map frame gets the new slot. The only frame written anew is the one
 * of the handler that ends a span on a throw, and it needs no analysis of the method: at that
 * handler only {@code this}, the arguments the hook reads, and the token are live.
 */
final class HookWeaver {

    private static final int API = Opcodes.ASM9;
    private static final String BRIDGE = "io/telemetryagent/bootstrap/Bridge";
    private static final String ENTER = "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;I)Ljava/lang/Object;";
    private static final String EXIT = "(Ljava/lang/Object;Ljava/lang/Throwable;Ljava/lang/Object;Ljava/lang/Object;I)V";
    private static final String REPLACE = "(Ljava/lang/Object;I)Ljava/lang/Object;";
    /** The newest class file version this ASM reads: Java 25's. */
    private static final int NEWEST_KNOWN = Opcodes.V25 & 0xFFFF;
    /** Enough for what any woven call pushes above the method's own stack. */
    private static final int EXTRA_STACK = 8;

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

    /** The woven class file, or null when no method matched. */
    byte[] weave(List<MethodHook> hooks, byte[] classfile) {
        int major = ((classfile[6] & 0xFF) << 8) | (classfile[7] & 0xFF);
        if (major > NEWEST_KNOWN) {
            // A class file of a Java newer than this ASM knows: what we weave is the same in it,
            // so it is read as the newest known version and written back as its own.
            byte[] known = classfile.clone();
            known[6] = (byte) (NEWEST_KNOWN >>> 8);
            known[7] = (byte) NEWEST_KNOWN;
            byte[] woven = weave(hooks, known);
            if (woven != null) {
                woven[6] = classfile[6];
                woven[7] = classfile[7];
            }
            return woven;
        }
        ClassReader reader = new ClassReader(classfile);
        // Given the reader, the writer copies every method no hook touches as it was.
        ClassWriter writer = new ClassWriter(reader, 0);
        WovenClass woven = new WovenClass(writer, hooks);
        reader.accept(woven, ClassReader.EXPAND_FRAMES);
        return woven.changed ? writer.toByteArray() : null;
    }

    private static final class WovenClass extends ClassVisitor {
        private final List<MethodHook> hooks;
        /** The class's own fields, name to descriptor (the reader visits them before the methods). */
        private final Map<String, String> fields = new HashMap<>();
        private String owner;
        private boolean frames;
        boolean changed;

        WovenClass(ClassVisitor next, List<MethodHook> hooks) {
            super(API, next);
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
        public FieldVisitor visitField(int access, String name, String descriptor,
                                                              String signature, Object value) {
            fields.put(name, descriptor);
            return super.visitField(access, name, descriptor, signature, value);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodVisitor visitor = super.visitMethod(access, name, descriptor, signature, exceptions);
            if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                return visitor;
            }
            List<MethodHook> matched = new ArrayList<>();
            for (MethodHook hook : hooks) {
                if (hook.methods.matches(name, descriptor) && hasFields(hook, name)) {
                    matched.add(hook);
                }
            }
            for (MethodHook hook : matched) {
                visitor = new WovenMethod(visitor, hook, matched, owner, access, name, descriptor, frames);
                changed = true;
            }
            return visitor;
        }

        /** False, with a warning, when a field the hook reads is not the class's as we know it. */
        private boolean hasFields(MethodHook hook, String method) {
            for (String[] field : hook.ownFields()) {
                if (!field[1].equals(fields.get(field[0]))) {
                    AgentLog.warn("could not instrument " + owner.replace('/', '.') + "." + method + ", it runs untraced:"
                            + " no field " + field[0] + " of type " + field[1] + " in this version");
                    return false;
                }
            }
            return true;
        }
    }

    private static final class WovenMethod extends MethodVisitor {
        private final MethodHook hook;
        /** Every hook woven into this method, this one included: their handlers nest. */
        private final List<MethodHook> all;
        private final String owner;
        private final boolean isStatic;
        private final String descriptor;
        private final List<String> arguments;
        private final int[] argumentSlots;
        /** The first slot after {@code this} and the arguments: where the token goes. */
        private final int firstLocal;
        /** How far the method's own locals move: 1 for a span's token, else 0. */
        private final int shift;
        private final boolean frames;
        private final boolean catchAll;
        private final Label tryStart = new Label();

        WovenMethod(MethodVisitor next, MethodHook hook, List<MethodHook> all, String owner, int access, String name,
                    String descriptor, boolean frames) {
            super(API, next);
            this.hook = hook;
            this.all = all;
            this.owner = owner;
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
            this.descriptor = descriptor;
            this.arguments = Descriptors.arguments(descriptor);
            this.argumentSlots = new int[arguments.size()];
            int slot = isStatic ? 0 : 1;
            for (int i = 0; i < arguments.size(); i++) {
                argumentSlots[i] = slot;
                slot += Descriptors.size(arguments.get(i));
            }
            this.firstLocal = slot;
            this.shift = hook.shape == MethodHook.SPAN ? 1 : 0;
            this.frames = frames;
            this.catchAll = hook.shape == MethodHook.SPAN || hook.shape == MethodHook.AT_THROW;
            boolean atStart = hook.shape == MethodHook.CALL || hook.shape == MethodHook.SPAN
                    || hook.shape == MethodHook.REPLACE_ARGUMENT || hook.shape == MethodHook.AT_THROW;
            if ("<init>".equals(name) && atStart) {
                // Before super(...), this is not an object yet; after a throw, it may never be.
                throw new IllegalStateException("a constructor takes only hooks that run as it returns");
            }
            if (isStatic && uses(MethodHook.THIS, MethodHook.FIELD)) {
                throw new IllegalStateException("a static method has no this");
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

        @Override
        public void visitCode() {
            super.visitCode();
            switch (hook.shape) {
                case MethodHook.CALL:
                    callEnter(hook.values);
                    super.visitInsn(Opcodes.POP);
                    break;
                case MethodHook.SPAN:
                    callEnter(hook.values);
                    super.visitVarInsn(Opcodes.ASTORE, firstLocal);
                    break;
                case MethodHook.REPLACE_ARGUMENT: {
                    int slot = argumentSlots[hook.argumentIndex];
                    String type = arguments.get(hook.argumentIndex);
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
            if (catchAll) {
                super.visitLabel(tryStart);
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
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
            super.visitInsn(opcode);
        }

        @Override
        public void visitMethodInsn(int opcode, String callOwner, String name, String callDescriptor,
                                    boolean isInterface) {
            String[] redirect = hook.redirect;
            if (redirect != null && redirect[0].equals(callOwner) && redirect[1].equals(name)
                    && redirect[2].equals(callDescriptor)) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, redirect[3], redirect[4], redirect[5], false);
            } else {
                super.visitMethodInsn(opcode, callOwner, name, callDescriptor, isInterface);
            }
        }

        @Override
        public void visitVarInsn(int opcode, int slot) {
            super.visitVarInsn(opcode, moved(slot));
        }

        @Override
        public void visitIincInsn(int slot, int increment) {
            super.visitIincInsn(moved(slot), increment);
        }

        @Override
        public void visitLocalVariable(String name, String localDescriptor, String signature, Label start, Label end,
                                       int slot) {
            super.visitLocalVariable(name, localDescriptor, signature, start, end, moved(slot));
        }

        @Override
        public AnnotationVisitor visitLocalVariableAnnotation(int typeRef,
                TypePath typePath, Label[] start, Label[] end, int[] slots, String annotation,
                boolean visible) {
            int[] movedSlots = new int[slots.length];
            for (int i = 0; i < slots.length; i++) {
                movedSlots[i] = moved(slots[i]);
            }
            return super.visitLocalVariableAnnotation(typeRef, typePath, start, end, movedSlots, annotation, visible);
        }

        private int moved(int slot) {
            return slot >= firstLocal ? slot + shift : slot;
        }

        /** Every frame of the method gets the token's slot (the reader expands frames: each is whole). */
        @Override
        public void visitFrame(int type, int localCount, Object[] locals, int stackCount, Object[] stack) {
            if (shift == 0 || type != Opcodes.F_NEW) {
                super.visitFrame(type, localCount, locals, stackCount, stack);
                return;
            }
            Object[] moved = new Object[localCount + 1 + firstLocal];
            int count = 0;
            int slot = 0;
            int i = 0;
            while (slot < firstLocal) {
                // Arguments the frame no longer lists are dead there: their slots are TOP.
                Object local = i < localCount ? locals[i++] : Opcodes.TOP;
                moved[count++] = local;
                slot += local == Opcodes.LONG || local == Opcodes.DOUBLE ? 2 : 1;
            }
            moved[count++] = "java/lang/Object";
            while (i < localCount) {
                moved[count++] = locals[i++];
            }
            super.visitFrame(Opcodes.F_NEW, count, moved, stackCount, stack);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            if (catchAll) {
                Label handler = new Label();
                super.visitLabel(handler);
                if (frames) {
                    handlerFrame();
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
                // Visited last, so the method's own handlers come first in the exception table.
                super.visitTryCatchBlock(tryStart, handler, handler, null);
            }
            super.visitMaxs(maxStack + EXTRA_STACK, maxLocals + shift);
        }

        /**
         * At the handler, whatever the throwing instruction: {@code this} and the arguments the
         * exit reads (their declared types), the token, and nothing else.
         */
        private void handlerFrame() {
            Object[] locals = new Object[firstLocal + 1];
            int count = 0;
            if (!isStatic) {
                locals[count++] = needs(MethodHook.THIS, -1) ? owner : Opcodes.TOP;
            }
            for (int i = 0; i < arguments.size(); i++) {
                String type = arguments.get(i);
                if (needs(MethodHook.ARGUMENT, i)) {
                    locals[count++] = frameType(type);
                } else {
                    locals[count++] = Opcodes.TOP;
                    if (Descriptors.size(type) == 2) {
                        locals[count++] = Opcodes.TOP;
                    }
                }
            }
            if (shift == 1) {
                locals[count++] = "java/lang/Object";
            }
            super.visitFrame(Opcodes.F_NEW, count, locals, 1, new Object[] {"java/lang/Throwable"});
        }

        /**
         * Whether any hook on the method reads this value at its throw handler: each handler lies
         * inside the try range of the hooks woven before it, so their frames must agree.
         */
        private boolean needs(int kind, int index) {
            for (MethodHook any : all) {
                MethodHook.Value self = any.exitSelf;
                if (self == null) {
                    continue;
                }
                if (kind == MethodHook.THIS ? self.kind == MethodHook.THIS || self.kind == MethodHook.FIELD
                        : self.kind == kind && self.index == index) {
                    return true;
                }
            }
            return false;
        }

        private void callEnter(MethodHook.Value[] values) {
            callEnter(values, 0);
        }

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

        private void pushId() {
            super.visitIntInsn(Opcodes.BIPUSH, hook.id);
        }

        private void push(MethodHook.Value value) {
            switch (value.kind) {
                case MethodHook.THIS:
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    break;
                case MethodHook.ARGUMENT: {
                    String type = arguments.get(value.index);
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
}
