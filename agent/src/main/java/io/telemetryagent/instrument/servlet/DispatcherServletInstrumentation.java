package io.telemetryagent.instrument.servlet;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * Spring MVC 5 (javax) and 6 (jakarta): {@code DispatcherServlet.doDispatch(request, response)},
 * which looks the handler up and invokes it.
 */
public final class DispatcherServletInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "org.springframework.web.servlet.DispatcherServlet";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(
                MethodHook.span(named("doDispatch").arguments(2), HookId.SPRING_MVC_DISPATCH, self(), argument(0))
                        .end(argument(0), false, true));
    }
}
