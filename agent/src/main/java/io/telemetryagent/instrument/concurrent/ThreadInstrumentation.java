package io.telemetryagent.instrument.concurrent;

import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

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
    public List<MethodHook> hooks() {
        return List.of(
                MethodHook.call(named("start"), HookId.THREAD_START, self()),
                HandOffHooks.applyToThis(named("run").arguments(0)));
    }
}
