package io.telemetryagent.instrument.servlet;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.none;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * Jetty's servlet layer, where a request enters its filter chain, for every dispatch type:
 * Jetty 9.4 and 10 {@code ServletHandler.doHandle(target, baseRequest, request, response)}, Jetty
 * 12 ee10 {@code ServletHandler$MappedServlet.handle(handler, path, request, response)}. An
 * exception escapes it to the channel, which answers 500 and dispatches the error page later.
 */
public final class JettyServletHandlerInstrumentation implements TypeInstrumentation {

    /** Jetty 9.4 and 10. */
    public static JettyServletHandlerInstrumentation jetty9() {
        return new JettyServletHandlerInstrumentation("org.eclipse.jetty.servlet.ServletHandler", "doHandle");
    }

    /** Jetty 12, ee10 servlet layer. */
    public static JettyServletHandlerInstrumentation jetty12() {
        return new JettyServletHandlerInstrumentation("org.eclipse.jetty.ee10.servlet.ServletHandler$MappedServlet", "handle");
    }

    private final String className;
    private final String methodName;

    private JettyServletHandlerInstrumentation(String className, String methodName) {
        this.className = className;
        this.methodName = methodName;
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
                MethodHook.span(named(methodName).arguments(4), HookId.SERVLET_ROUTER, argument(2), argument(3))
                        .end(none(), false, true));
    }
}
