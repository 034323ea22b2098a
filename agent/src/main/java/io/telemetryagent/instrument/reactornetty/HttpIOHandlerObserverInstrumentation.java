package io.telemetryagent.instrument.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Reactor Netty's {@code HttpClientConnect.HttpIOHandlerObserver} (1.1, 1.2): the last observer of
 * each attempt's connection, holding the call's handler. On {@code CONFIGURED} it writes the
 * request; on {@code RESPONSE_RECEIVED} (the final response: a redirect's never gets there) it
 * hands the response to the app. The advice runs first, so the span ends before the app sees it.
 */
public final class HttpIOHandlerObserverInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "reactor.netty.http.client.HttpClientConnect$HttpIOHandlerObserver";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advice.to(StateAdvice.class).on(named("onStateChange").and(takesArguments(2)));
    }

    public static final class StateAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.FieldValue("handler") Object handler, @Advice.Argument(0) Object connection,
                                 @Advice.Argument(1) Object state) {
            Bridge.hook(HookId.REACTOR_NETTY_STATE).enter(handler, connection, state);
        }
    }
}
