package io.telemetryagent.instrument.servlet;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

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
    public AsmVisitorWrapper advice() {
        // Not the protected service(HttpServletRequest, HttpServletResponse) it calls.
        return Advice.to(ServiceAdvice.class).on(named("service").and(takesArguments(2))
                .and(takesArgument(0, named(namespace + ".servlet.ServletRequest"))));
    }

    public static final class ServiceAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object servlet, @Advice.Argument(0) Object request,
                                   @Advice.Argument(1) Object response) {
            return Bridge.hook(HookId.SERVLET_PIPE).enter(servlet, request, response);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.This Object servlet,
                                @Advice.Thrown Throwable thrown) {
            if (token != null) {
                Bridge.hook(HookId.SERVLET_PIPE).exit(token, servlet, null, thrown);
            }
        }
    }
}
