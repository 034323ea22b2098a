package io.telemetryagent.instrument.servlet;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

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
    public AsmVisitorWrapper advice() {
        return Advice.to(InvokeAdvice.class).on(named("invoke").and(takesArguments(2)));
    }

    public static final class InvokeAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.Argument(0) Object request, @Advice.Argument(1) Object response) {
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
