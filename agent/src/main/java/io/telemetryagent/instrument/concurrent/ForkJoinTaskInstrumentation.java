package io.telemetryagent.instrument.concurrent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * {@code ForkJoinTask.doExec}: every fork-join task runs through it, whoever runs it (a worker,
 * a thread joining it, the caller of {@code invoke()}); CompletableFuture's async stages are
 * fork-join tasks too.
 */
public final class ForkJoinTaskInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "java.util.concurrent.ForkJoinTask";
    }

    @Override
    public String moduleName() {
        return "java.base";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advice.to(HandOffAdvice.ApplyToThis.class).on(named("doExec").and(takesArguments(0)));
    }
}
