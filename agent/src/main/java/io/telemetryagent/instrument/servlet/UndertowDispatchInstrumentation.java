package io.telemetryagent.instrument.servlet;

import static io.telemetryagent.instrument.MethodHook.named;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * Undertow's {@code ServletDispatchingHandler.handleRequest(exchange)}, which runs a request's
 * filter chain and servlet: Undertow answers an exception escaping it inside its initial handler
 * and keeps it nowhere the router could read it, so it is noted here (a filter's exception never
 * reaches HttpServlet.service).
 */
public final class UndertowDispatchInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "io.undertow.servlet.handlers.ServletDispatchingHandler";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(
                MethodHook.atThrow(named("handleRequest").arguments(1), HookId.SERVLET_ERROR));
    }
}
