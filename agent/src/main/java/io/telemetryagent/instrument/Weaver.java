package io.telemetryagent.instrument;

import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeInitializer;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.auxiliary.AuxiliaryType;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.pool.TypePool;

/**
 * Applies a {@link TypeInstrumentation}'s advice to a class file without changing the class's
 * shape (no new fields or methods), so that classes already loaded can be retransformed.
 *
 * <p>The advice visitor runs straight on ASM's reader and writer: Byte Buddy's type-building
 * machinery ({@code ByteBuddy.redefine}, method graphs, type writers) is never loaded, which
 * keeps the agent's start-up to the few hundred classes that advice itself needs.
 */
final class Weaver {

    byte[] weave(TypeInstrumentation target, ClassLoader loader, byte[] classfile) {
        String name = target.className();
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(name, classfile),
                loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = TypePool.Default.of(locator);
        TypeDescription type = pool.describe(name).resolve();
        AsmVisitorWrapper advice = target.advice();
        int writerFlags = advice.mergeWriter(0);
        int readerFlags = advice.mergeReader(0);
        ClassReader reader = new ClassReader(classfile);
        // Given the reader, the writer copies every method the advice leaves alone as it was.
        ClassWriter writer = new ClassWriter(reader, writerFlags);
        ClassFileVersion version = ClassFileVersion.ofClassFile(classfile);
        Implementation.Context context = Implementation.Context.Disabled.Factory.INSTANCE.make(type,
                new AuxiliaryType.NamingStrategy.Suffixing("telemetry"), TypeInitializer.None.INSTANCE, version, version,
                Implementation.Context.FrameGeneration.GENERATE);
        ClassVisitor visitor = advice.wrap(type, writer, context, pool, type.getDeclaredFields(),
                type.getDeclaredMethods(), writerFlags, readerFlags);
        reader.accept(visitor, readerFlags);
        return writer.toByteArray();
    }
}
