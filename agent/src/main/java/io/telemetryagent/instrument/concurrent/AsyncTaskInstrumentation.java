package io.telemetryagent.instrument.concurrent;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * The task of {@code CompletableFuture.supplyAsync} ({@code AsyncSupply}) or {@code runAsync}
 * ({@code AsyncRun}): created on the caller's thread and handed to the executor at once, so its
 * context is captured at creation and applied in its {@code run}, whatever executor runs it.
 */
public final class AsyncTaskInstrumentation implements TypeInstrumentation {

    private final String className;

    /** @param simpleName {@code AsyncSupply} or {@code AsyncRun} */
    public AsyncTaskInstrumentation(String simpleName) {
        this.className = "java.util.concurrent.CompletableFuture$" + simpleName;
    }

    @Override
    public String className() {
        return className;
    }

    @Override
    public String moduleName() {
        return "java.base";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advice.to(HandOffAdvice.CaptureNewTask.class).on(isConstructor()),
                Advice.to(HandOffAdvice.ApplyToThis.class).on(named("run").and(takesArguments(0))));
    }
}
