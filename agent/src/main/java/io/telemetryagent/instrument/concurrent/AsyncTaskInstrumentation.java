package io.telemetryagent.instrument.concurrent;

import static io.telemetryagent.instrument.MethodHook.named;

import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

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
    public List<MethodHook> hooks() {
        return List.of(
                HandOffHooks.captureNewTask(),
                HandOffHooks.applyToThis(named("run").arguments(0)));
    }
}
