package io.telemetryagent.instrument.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Reactor Netty's {@code HttpClientConnect.HttpIOHandlerObserver} (1.1, 1.2): the last observer of
 * each attempt's connection, made with the call's handler and the sink of the attempt's connect
 * publisher (the one the app's cancel reaches). On {@code CONFIGURED} it writes the request; on
 * {@code RESPONSE_RECEIVED} (the final response: a redirect's never gets there) it hands the
 * response to the app. The advice runs first, so the span ends before the app sees it.
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
        return new AsmVisitorWrapper.Compound(
                Advice.to(NewAttemptAdvice.class).on(isConstructor()),
                Advice.to(StateAdvice.class).on(named("onStateChange").and(takesArguments(2))));
    }

    public static final class NewAttemptAdvice {

        /** Reported as a state change with no state: the attempt begins, here is its sink. */
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.FieldValue("handler") Object handler, @Advice.FieldValue("sink") Object sink) {
            Bridge.hook(HookId.REACTOR_NETTY_STATE).enter(handler, sink, null);
        }
    }

    public static final class StateAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.FieldValue("handler") Object handler, @Advice.Argument(0) Object connection,
                                 @Advice.Argument(1) Object state) {
            Bridge.hook(HookId.REACTOR_NETTY_STATE).enter(handler, connection, state);
        }
    }
}
