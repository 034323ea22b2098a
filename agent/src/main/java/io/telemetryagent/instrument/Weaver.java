package io.telemetryagent.instrument;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;

/**
 * Applies a {@link TypeInstrumentation}'s advice to a class file with Byte Buddy, without changing
 * the class's shape (no new fields or methods), so that classes already loaded can be retransformed.
 */
final class Weaver {

    private final ByteBuddy byteBuddy = new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
            .with(Implementation.Context.Disabled.Factory.INSTANCE);

    byte[] weave(TypeInstrumentation target, ClassLoader loader, byte[] classfile) {
        String name = target.className();
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(name, classfile),
                loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
        TypeDescription type = TypePool.Default.of(locator).describe(name).resolve();
        return byteBuddy.redefine(type, locator)
                .visit(target.advice())
                .make()
                .getBytes();
    }
}
