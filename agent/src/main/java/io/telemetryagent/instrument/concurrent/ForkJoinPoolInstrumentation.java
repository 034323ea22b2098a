package io.telemetryagent.instrument.concurrent;

import static net.bytebuddy.matcher.ElementMatchers.named;

import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * {@code ForkJoinPool.externalPush}: where JDK 11 to 17 queue a task submitted from outside the
 * pool (execute, submit, invoke, and {@code fork()} from a non-worker thread into the common pool);
 * JDK 19+ have no such method and queue everything through {@code WorkQueue.push}.
 */
public final class ForkJoinPoolInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "java.util.concurrent.ForkJoinPool";
    }

    @Override
    public String moduleName() {
        return "java.base";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advice.to(HandOffAdvice.CaptureArgument.class).on(named("externalPush"));
    }
}
