package io.telemetryagent.instrument.concurrent;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.constructors;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

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
    public List<MethodHook> hooks() {
        return List.of(
                // Only a stage with an executor hands its work off (the hook skips a null one).
                MethodHook.atReturn(constructors().argument(0, "java.util.concurrent.Executor"),
                        HookId.TASK_CAPTURE_WITH_EXECUTOR, self(), argument(0)));
    }
}
