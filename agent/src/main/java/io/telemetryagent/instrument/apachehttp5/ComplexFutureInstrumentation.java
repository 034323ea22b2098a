package io.telemetryagent.instrument.apachehttp5;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.none;
import static io.telemetryagent.instrument.MethodHook.self;
import static io.telemetryagent.instrument.MethodHook.yes;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * HttpCore 5's {@code ComplexFuture}, the future an async call returns: its {@code completed},
 * {@code failed} and {@code cancel} end the call's span before the app's callback runs or its
 * {@code get} returns. (Other uses of the class cost one look-up in an empty map.)
 */
public final class ComplexFutureInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "org.apache.hc.core5.concurrent.ComplexFuture";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(
                MethodHook.call(named("completed").arguments(1), HookId.APACHE5_ASYNC_END, self()),
                MethodHook.call(named("failed").arguments(1), HookId.APACHE5_ASYNC_END, self(), argument(0)),
                MethodHook.call(named("cancel").arguments(1), HookId.APACHE5_ASYNC_END, self(), none(), yes()));
    }
}
