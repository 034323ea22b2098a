package io.telemetryagent.instrument.concurrent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.asm.Advice;

/**
 * {@code CompletableFuture.Completion.run}: how an executor that is neither a fork-join pool nor a
 * ThreadPoolExecutor (a thread per task, an event loop, the app's own) runs an async stage; the
 * stage's context, captured at its creation, applies here. (Fork-join pools run it through
 * {@code doExec}, ThreadPoolExecutors through their worker loop: either has applied it already.)
 */
public final class CompletionInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "java.util.concurrent.CompletableFuture$Completion";
    }

    @Override
    public String moduleName() {
        return "java.base";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advice.to(HandOffAdvice.ApplyToThis.class).on(named("run").and(takesArguments(0)));
    }
}
