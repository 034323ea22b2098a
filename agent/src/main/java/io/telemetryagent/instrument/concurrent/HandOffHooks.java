package io.telemetryagent.instrument.concurrent;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.constructors;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;

/** The hooks shared by the hand-off instrumentations: capture where work is queued, apply where it runs. */
final class HandOffHooks {

    private HandOffHooks() {}

    /** The method's first argument is the task being handed off. */
    static MethodHook captureArgument(MethodHook.Methods methods) {
        return MethodHook.call(methods, HookId.TASK_CAPTURE, argument(0));
    }

    /** The task being constructed is handed off as it is made (its constructor returned). */
    static MethodHook captureNewTask() {
        return MethodHook.atReturn(constructors(), HookId.TASK_CAPTURE, self());
    }

    /** The method runs the task it belongs to, in the context captured for it. */
    static MethodHook applyToThis(MethodHook.Methods methods) {
        return MethodHook.span(methods, HookId.TASK_APPLY, self()).end(self(), false, false);
    }
}
