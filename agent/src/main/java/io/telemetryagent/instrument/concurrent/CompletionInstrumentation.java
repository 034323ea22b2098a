package io.telemetryagent.instrument.concurrent;

import static io.telemetryagent.instrument.MethodHook.named;

import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

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
    public List<MethodHook> hooks() {
        return List.of(HandOffHooks.applyToThis(named("run").arguments(0)));
    }
}
