package io.telemetryagent.instrument.apachehttp5;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.none;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * {@code InternalExecRuntime.execute(exchangeId, request, ...)}, where both classic clients
 * send each attempt of a call. {@code InternalHttpClient} passes its own copy of the app's request,
 * but {@code MinimalHttpClient} the app's request itself: the trace header is added for the send
 * and removed once it returns, so the app's object ends as it was.
 */
public final class ExecRuntimeInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "org.apache.hc.client5.http.impl.classic.InternalExecRuntime";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(
                // execute(exchangeId, request, [informationCallback,] context): 5.4 added the callback.
                MethodHook.span(named("execute").argument(1, "org.apache.hc.core5.http.ClassicHttpRequest"),
                                HookId.APACHE5_REQUEST_HEADERS, none(), argument(1))
                        .end(argument(1), false, false));
    }
}
