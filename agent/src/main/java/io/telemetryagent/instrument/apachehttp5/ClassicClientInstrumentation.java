package io.telemetryagent.instrument.apachehttp5;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * Apache HttpClient 5.x's classic clients ({@code InternalHttpClient} and {@code MinimalHttpClient}
 * in {@code org.apache.hc.client5.http.impl.classic}): every {@code execute} overload ends in
 * {@code doExecute(HttpHost, ClassicHttpRequest, HttpContext)}, once per call.
 */
public final class ClassicClientInstrumentation implements TypeInstrumentation {

    private final String className;

    public ClassicClientInstrumentation(String className) {
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
                MethodHook.span(named("doExecute").arguments(3), HookId.APACHE5_EXECUTE, self(), argument(0), argument(1))
                        .end(self(), true, true));
    }
}
