package io.telemetryagent.instrument.concurrent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * {@code java.lang.Thread}: {@code start()} captures the starter's context for the new thread
 * ({@link CaptureThreadStart} says which threads), {@code run()} applies it on the new thread.
 * JDK 21+ also start threads through {@code start(ThreadContainer)} (thread-per-task executors).
 * Virtual threads start and run through their own methods and are not covered.
 */
public final class ThreadInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "java.lang.Thread";
    }

    @Override
    public String moduleName() {
        return "java.base";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advice.to(StartAdvice.class).on(named("start")),
                Advice.to(HandOffAdvice.ApplyToThis.class).on(named("run").and(takesArguments(0))));
    }

    public static final class StartAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object thread) {
            Bridge.hook(HookId.THREAD_START).enter(thread, null, null);
        }
    }
}
