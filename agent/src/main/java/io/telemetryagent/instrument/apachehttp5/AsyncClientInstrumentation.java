package io.telemetryagent.instrument.apachehttp5;

import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * Apache HttpClient 5.x's async clients ({@code InternalHttpAsyncClient},
 * {@code InternalH2AsyncClient}): every {@code execute} ends in their base class's
 * {@code doExecute}, which sets the call up on the caller's thread (the chain's scope, see
 * {@link AsyncScopeInstrumentation}) and returns a future; the exchange itself runs on I/O threads.
 */
public final class AsyncClientInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(
                MethodHook.span(named("doExecute").arguments(6), HookId.APACHE5_ASYNC_EXECUTE, self())
                        .end(self(), false, false));
    }
}
