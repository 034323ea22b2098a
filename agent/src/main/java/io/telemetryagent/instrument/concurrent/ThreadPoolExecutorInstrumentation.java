package io.telemetryagent.instrument.concurrent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * {@code java.util.concurrent.ThreadPoolExecutor}, behind {@code Executors.newFixedThreadPool},
 * {@code newCachedThreadPool}, {@code newSingleThreadExecutor} and most frameworks' pools.
 * {@code execute} captures the context for the task (submit, invokeAll and invokeAny all reach it
 * with the FutureTask the worker will run); the worker loop applies it around that task
 * ({@link RunWorkerTaskCall}); {@code addWorker} starts worker threads with no context.
 */
public final class ThreadPoolExecutorInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "java.util.concurrent.ThreadPoolExecutor";
    }

    @Override
    public String moduleName() {
        return "java.base";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advice.to(HandOffAdvice.CaptureArgument.class).on(named("execute").and(takesArguments(1))),
                Advice.to(AddWorkerAdvice.class).on(named("addWorker")),
                new AsmVisitorWrapper.ForDeclaredMethods().method(named("runWorker"), new RunWorkerTaskCall()));
    }

    public static final class AddWorkerAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object pool) {
            return Bridge.hook(HookId.WORKER_START).enter(pool, null, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.This Object pool) {
            if (token != null) {
                Bridge.hook(HookId.WORKER_START).exit(token, pool, null, null);
            }
        }
    }
}
