package io.telemetryagent.instrument.concurrent;

import static io.telemetryagent.instrument.MethodHook.named;

import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

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
    public List<MethodHook> hooks() {
        return List.of(HandOffHooks.applyToThis(named("doExec").arguments(0)));
    }
}
