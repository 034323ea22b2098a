package io.telemetryagent.instrument.concurrent;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * {@code java.util.concurrent.ScheduledThreadPoolExecutor}: {@code schedule*}, {@code execute}
 * and {@code submit} all queue their task through {@code delayedExecute}, never through
 * {@code ThreadPoolExecutor.execute}, with the very object the worker loop will run.
 */
public final class ScheduledThreadPoolExecutorInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "java.util.concurrent.ScheduledThreadPoolExecutor";
    }

    @Override
    public String moduleName() {
        return "java.base";
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(MethodHook.call(named("delayedExecute"), HookId.SCHEDULED_CAPTURE, argument(0)));
    }
}
