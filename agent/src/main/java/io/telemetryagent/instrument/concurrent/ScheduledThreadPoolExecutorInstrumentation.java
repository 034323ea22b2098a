package io.telemetryagent.instrument.concurrent;

import static net.bytebuddy.matcher.ElementMatchers.named;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

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
    public AsmVisitorWrapper advice() {
        return Advice.to(DelayedExecuteAdvice.class).on(named("delayedExecute"));
    }

    public static final class DelayedExecuteAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) Object task) {
            Bridge.hook(HookId.SCHEDULED_CAPTURE).enter(task, null, null);
        }
    }
}
