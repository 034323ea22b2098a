package io.telemetryagent.instrument.servlet;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

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
    public AsmVisitorWrapper advice() {
        return Advice.to(HandleAdvice.class).on(named(methodName).and(takesArguments(4)));
    }

    public static final class HandleAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.Argument(2) Object request, @Advice.Argument(3) Object response) {
            return Bridge.hook(HookId.SERVLET_ROUTER).enter(request, response, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.Thrown Throwable thrown) {
            if (token != null) {
                Bridge.hook(HookId.SERVLET_ROUTER).exit(token, null, null, thrown);
            }
        }
    }
}
