package io.telemetryagent.instrument.apachehttp4;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.none;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * The last link of Apache HttpClient 4.x's execution chain ({@code MainClientExec}, or
 * {@code MinimalClientExec} for the minimal client), which sends each attempt of a call. It gets
 * the client's own wrapper of the app's request (with the app's interceptors applied), so the
 * trace header goes on the wrapper and the app's request object stays as it was.
 */
public final class ClientExecInstrumentation implements TypeInstrumentation {

    private final String className;

    public ClientExecInstrumentation(String className) {
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
                MethodHook.call(named("execute").arguments(4), HookId.APACHE4_REQUEST_HEADERS, none(), argument(1)));
    }
}
