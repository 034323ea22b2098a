package io.telemetryagent.instrument.concurrent;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import net.bytebuddy.asm.Advice;

/** The advice shared by the hand-off instrumentations: capture where work is queued, apply where it runs. */
public final class HandOffAdvice {

    private HandOffAdvice() {}

    /** The method's first argument is the task being handed off. */
    public static final class CaptureArgument {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) Object task) {
            Bridge.hook(HookId.TASK_CAPTURE).enter(task, null, null);
        }
    }

    /** A constructor of a task that is handed off as soon as it exists. */
    public static final class CaptureNewTask {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object task) {
            Bridge.hook(HookId.TASK_CAPTURE).enter(task, null, null);
        }
    }

    /** The method runs the task it belongs to, with a handed-off context if one was captured. */
    public static final class ApplyToThis {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object task) {
            return Bridge.hook(HookId.TASK_APPLY).enter(task, null, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.This Object task) {
            if (token != null) {
                Bridge.hook(HookId.TASK_APPLY).exit(token, task, null, null);
            }
        }
    }
}
