package io.telemetryagent.instrument.apachehttp4;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * Apache HttpClient 4.x's clients ({@code InternalHttpClient}, built by {@code HttpClients} and
 * {@code HttpClientBuilder}, and {@code MinimalHttpClient}): every {@code execute} overload ends in
 * {@code doExecute(HttpHost, HttpRequest, HttpContext)}, once per call, redirects and retries
 * happening inside it.
 */
public final class ClientInstrumentation implements TypeInstrumentation {

    private final String className;

    public ClientInstrumentation(String className) {
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
                MethodHook.span(named("doExecute").arguments(3), HookId.APACHE4_EXECUTE, self(), argument(0), argument(1))
                        .end(self(), true, true));
    }
}
