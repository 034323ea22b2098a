package io.telemetryagent.instrument.concurrent;

import static io.telemetryagent.instrument.MethodHook.named;

import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

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
    public List<MethodHook> hooks() {
        return List.of(HandOffHooks.captureArgument(named("externalPush")));
    }
}
