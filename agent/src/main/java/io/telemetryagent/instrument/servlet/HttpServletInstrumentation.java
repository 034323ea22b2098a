package io.telemetryagent.instrument.servlet;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * {@code HttpServlet.service(ServletRequest, ServletResponse)} of one namespace: the public entry
 * every HttpServlet inherits, whatever the container, which dispatches to {@code doGet} and kin.
 */
public final class HttpServletInstrumentation implements TypeInstrumentation {

    private final String namespace;

    /** @param namespace {@code javax} or {@code jakarta} */
    public HttpServletInstrumentation(String namespace) {
        this.namespace = namespace;
    }

    @Override
    public String className() {
        return namespace + ".servlet.http.HttpServlet";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public List<MethodHook> hooks() {
        // Not the protected service(HttpServletRequest, HttpServletResponse) it calls.
        return List.of(MethodHook.span(named("service").arguments(2).argument(0, namespace + ".servlet.ServletRequest"),
                        HookId.SERVLET_PIPE, self(), argument(0), argument(1))
                .end(self(), false, true));
    }
}
