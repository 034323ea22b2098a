package io.telemetryagent.instrument.concurrent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

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
    public AsmVisitorWrapper advice() {
        return Advice.to(HandOffAdvice.CaptureArgument.class)
                .on(named("push").and(takesArgument(0, named("java.util.concurrent.ForkJoinTask"))));
    }
}
