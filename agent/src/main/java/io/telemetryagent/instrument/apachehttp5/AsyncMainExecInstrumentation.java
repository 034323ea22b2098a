package io.telemetryagent.instrument.apachehttp5;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.none;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * The last link of the async execution chain ({@code HttpAsyncMainClientExec} for HTTP/1.1 and
 * negotiated connections, {@code H2AsyncMainClientExec} for HTTP/2-only clients), given the
 * client's own copy of the request for each attempt, on whichever thread the connection came.
 */
public final class AsyncMainExecInstrumentation implements TypeInstrumentation {

    private final String className;

    public AsyncMainExecInstrumentation(String className) {
        this.className = className;
    }

    @Override
    public String className() {
        return className;
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(
                MethodHook.call(named("execute").arguments(5), HookId.APACHE5_ASYNC_REQUEST_HEADERS,
                        none(), argument(0), argument(2)));
    }
}
