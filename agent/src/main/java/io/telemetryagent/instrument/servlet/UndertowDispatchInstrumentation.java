package io.telemetryagent.instrument.servlet;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Undertow's {@code ServletDispatchingHandler.handleRequest(exchange)}, which runs a request's
 * filter chain and servlet: Undertow answers an exception escaping it inside its initial handler
 * and keeps it nowhere the router could read it, so it is noted here (a filter's exception never
 * reaches HttpServlet.service).
 */
public final class UndertowDispatchInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "io.undertow.servlet.handlers.ServletDispatchingHandler";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advice.to(HandleRequestAdvice.class).on(named("handleRequest").and(takesArguments(1)));
    }

    public static final class HandleRequestAdvice {

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Thrown Throwable thrown) {
            if (thrown != null) {
                Bridge.hook(HookId.SERVLET_ERROR).enter(thrown, null, null);
            }
        }
    }
}
