package io.telemetryagent.instrument.servlet;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

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
    public AsmVisitorWrapper advice() {
        return Advice.to(DoDispatchAdvice.class).on(named("doDispatch").and(takesArguments(2)));
    }

    public static final class DoDispatchAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object dispatcherServlet, @Advice.Argument(0) Object request) {
            return Bridge.hook(HookId.SPRING_MVC_DISPATCH).enter(dispatcherServlet, request, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.Argument(0) Object request,
                                @Advice.Thrown Throwable thrown) {
            if (token != null) {
                Bridge.hook(HookId.SPRING_MVC_DISPATCH).exit(token, request, null, thrown);
            }
        }
    }
}
