package io.telemetryagent.instrument.servlet;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.none;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * Tomcat 9, 10.1 and 11: {@code StandardHostValve.invoke(Request, Response)} hands every request
 * (and every async dispatch) to its context, then renders the error page of an exception or an
 * error status: at its return the response's status is the one sent. Its Request and Response
 * are the container's HttpServletRequest and HttpServletResponse.
 */
public final class TomcatHostValveInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "org.apache.catalina.core.StandardHostValve";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(
                MethodHook.span(named("invoke").arguments(2), HookId.SERVLET_ROUTER, argument(0), argument(1))
                        .end(none(), false, true));
    }
}
