package io.telemetryagent.instrument;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.BasicVerifier;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Checks a class file without loading a class: ASM's Analyzer with its BasicVerifier runs every
 * method (each instruction's operands of the right kind), then every stack map frame the class
 * declares is held against what the analysis found reaches it, kind by kind (int, float, long,
 * double, reference). A frame that declares a slot a reference where an int, or a merge of an int
 * and a reference, arrives there is what HotSpot rejects with "Stack map does not match"; this
 * finds it where the class cannot be linked in a test (a library whose dependencies are absent,
 * a java.* class). Not a full verifier: types within references are not compared.
 */
final class FrameCheck {

    private FrameCheck() {}

    /** The problems found, one line each; empty when none. */
    static List<String> problems(byte[] classfile) {
        List<String> problems = new ArrayList<>();
        ClassNode type = new ClassNode();
        new ClassReader(classfile).accept(type, ClassReader.EXPAND_FRAMES);
        for (MethodNode method : type.methods) {
            if (method.instructions.size() == 0) {
                continue;
            }
            String where = type.name + "." + method.name + method.desc;
            Frame<BasicValue>[] found;
            try {
                found = new Analyzer<>(new BasicVerifier()).analyze(type.name, method);
            } catch (AnalyzerException e) {
                problems.add(where + ": " + e.getMessage());
                continue;
            }
            for (int i = 0; i < method.instructions.size(); i++) {
                AbstractInsnNode node = method.instructions.get(i);
                if (node instanceof FrameNode && found[i] != null) {
                    String mismatch = mismatch((FrameNode) node, found[i]);
                    if (mismatch != null) {
                        problems.add(where + " frame at instruction " + i + ": " + mismatch);
                    }
                }
            }
        }
        return problems;
    }

    private static String mismatch(FrameNode declared, Frame<BasicValue> found) {
        int slot = 0;
        if (declared.local != null) {
            for (Object entry : declared.local) {
                if (slot >= found.getLocals()) {
                    return "declares local " + slot + " beyond max locals " + found.getLocals();
                }
                String wrong = wrong(entry, found.getLocal(slot));
                if (wrong != null) {
                    return "local " + slot + " " + wrong;
                }
                slot += entry == Opcodes.LONG || entry == Opcodes.DOUBLE ? 2 : 1;
            }
        }
        int depth = declared.stack == null ? 0 : declared.stack.size();
        if (depth != found.getStackSize()) {
            // Stack entries: longs and doubles are one value in both.
            return "stack of " + depth + " declared, " + found.getStackSize() + " found";
        }
        for (int i = 0; i < depth; i++) {
            String wrong = wrong(declared.stack.get(i), found.getStack(i));
            if (wrong != null) {
                return "stack " + i + " " + wrong;
            }
        }
        return null;
    }

    /** Null when a value of kind {@code found} may stand where {@code declared} is declared. */
    private static String wrong(Object declared, BasicValue found) {
        BasicValue expected;
        if (declared == Opcodes.TOP) {
            return null;
        } else if (declared == Opcodes.INTEGER) {
            expected = BasicValue.INT_VALUE;
        } else if (declared == Opcodes.FLOAT) {
            expected = BasicValue.FLOAT_VALUE;
        } else if (declared == Opcodes.LONG) {
            expected = BasicValue.LONG_VALUE;
        } else if (declared == Opcodes.DOUBLE) {
            expected = BasicValue.DOUBLE_VALUE;
        } else {
            expected = BasicValue.REFERENCE_VALUE; // a class, null, uninitialized (this or a new object)
        }
        return expected.equals(found) ? null : "declared " + declared + " but " + describe(found) + " arrives";
    }

    private static String describe(BasicValue value) {
        return value == null || value.getType() == null ? "no single kind (a merge, or nothing)" : value.toString();
    }
}
