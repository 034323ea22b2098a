package io.telemetryagent.instrument.apachehttp5;

import static io.telemetryagent.instrument.MethodHook.constructors;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * {@code AsyncExecChain.Scope}: made by {@code doExecute} on the caller's thread once the request
 * is known, it holds the app's request, the call's future and context, and travels with the call
 * to the I/O threads (a redirect makes another scope with the same future).
 */
public final class AsyncScopeInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "org.apache.hc.client5.http.async.AsyncExecChain$Scope";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(
                MethodHook.atReturn(constructors(), HookId.APACHE5_ASYNC_SCOPE, self()));
    }
}
