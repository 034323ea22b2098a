package io.telemetryagent.instrument.servlet;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

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
    public AsmVisitorWrapper advice() {
        return Advice.to(HandleFirstRequestAdvice.class).on(named("handleFirstRequest").and(takesArguments(2)));
    }

    public static final class HandleFirstRequestAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.Argument(1) Object requestContext) {
            return Bridge.hook(HookId.SERVLET_ROUTER_UNDERTOW).enter(requestContext, null, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.Thrown Throwable thrown) {
            if (token != null) {
                Bridge.hook(HookId.SERVLET_ROUTER_UNDERTOW).exit(token, null, null, thrown);
            }
        }
    }
}
