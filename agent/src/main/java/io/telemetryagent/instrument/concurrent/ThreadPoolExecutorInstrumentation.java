package io.telemetryagent.instrument.concurrent;

import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

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
    public List<MethodHook> hooks() {
        return List.of(
                HandOffHooks.captureArgument(named("execute").arguments(1)),
                MethodHook.span(named("addWorker"), HookId.WORKER_START, self()).end(self(), false, false),
                // task.run() in runWorker becomes TaskRunner.run(task): same stack, same exceptions.
                MethodHook.redirectCall(named("runWorker"), "java/lang/Runnable", "run", "()V",
                        "io/telemetryagent/bootstrap/TaskRunner", "run", "(Ljava/lang/Runnable;)V"));
    }
}
