package io.telemetryagent.instrument.concurrent;

import static io.telemetryagent.instrument.MethodHook.named;

import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * {@code ForkJoinPool.WorkQueue.push}: a worker queues a task ({@code fork()}, a submission from
 * inside the pool); on JDK 19+ every submission. Its arity differs between JDK versions.
 */
public final class ForkJoinWorkQueueInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "java.util.concurrent.ForkJoinPool$WorkQueue";
    }

    @Override
    public String moduleName() {
        return "java.base";
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(
                HandOffHooks.captureArgument(named("push").argument(0, "java.util.concurrent.ForkJoinTask")));
    }
}
