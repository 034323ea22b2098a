package io.telemetryagent.instrument.httpserver;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.ListIterator;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * {@code com.sun.net.httpserver.Filter.Chain.doFilter}: every exchange passes through it, with
 * user filters, then system filters, then the context's handler.
 */
public final class FilterChainInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "com.sun.net.httpserver.Filter$Chain";
    }

    @Override
    public String moduleName() {
        return "jdk.httpserver";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advice.to(DoFilterAdvice.class).on(named("doFilter").and(takesArguments(1)));
    }

    public static final class DoFilterAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.Argument(0) Object exchange,
                                   @Advice.FieldValue("iter") ListIterator<?> filters,
                                   @Advice.FieldValue("handler") Object handler) {
            // With no filter left, this call hands the exchange to the handler.
            return Bridge.hook(HookId.HTTP_SERVER).enter(exchange, filters.hasNext() ? null : handler, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.Argument(0) Object exchange,
                                @Advice.Thrown Throwable thrown) {
            if (token != null) {
                Bridge.hook(HookId.HTTP_SERVER).exit(token, exchange, null, thrown);
            }
        }
    }
}
