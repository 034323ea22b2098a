package io.telemetryagent.instrument.concurrent;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * {@code CompletableFuture.UniCompletion}, the base of every dependent stage ({@code thenApply},
 * {@code thenCombine}, ... their {@code *Async} forms included). An async stage added to a
 * future that is not complete yet is handed to its executor later, by whichever thread completes
 * that future, with that thread's context; so it is captured here, where the app creates it, and
 * that capture wins ({@link ContextTable#put}). A stage added to a completed future is handed to
 * its executor at once, and captured there.
 */
public final class UniCompletionInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "java.util.concurrent.CompletableFuture$UniCompletion";
    }

    @Override
    public String moduleName() {
        return "java.base";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advice.to(NewStageAdvice.class)
                .on(isConstructor().and(takesArgument(0, named("java.util.concurrent.Executor"))));
    }

    public static final class NewStageAdvice {
        /** {@code executor} is null for a stage that runs where its source completes: nothing to hand off. */
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object stage, @Advice.Argument(0) Object executor) {
            if (executor != null) {
                Bridge.hook(HookId.TASK_CAPTURE).enter(stage, null, null);
            }
        }
    }
}
