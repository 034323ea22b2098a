package io.telemetryagent.instrument.servlet;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.none;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * Undertow 2.2 and 2.3: {@code ServletInitialHandler.handleFirstRequest(exchange, context)} runs
 * a request's (and an async dispatch's) filter chain on a worker thread, answers an escaped
 * exception with its error page, and ends the response when not async. The request and response
 * are read from its {@code ServletRequestContext} on the agent's side.
 */
public final class UndertowInitialHandlerInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "io.undertow.servlet.handlers.ServletInitialHandler";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(
                MethodHook.span(named("handleFirstRequest").arguments(2), HookId.SERVLET_ROUTER_UNDERTOW, argument(1))
                        .end(none(), false, true));
    }
}
