package io.telemetryagent.instrument.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Reactor Netty's {@code HttpClientConnect.HttpClientHandler} (1.1, 1.2): one per subscription to
 * the client's connect publisher, made by {@code MonoHttpConnect.subscribe} on the subscribing
 * thread, and kept for every attempt of that call. It is also the call's retry filter: its
 * {@code test(Throwable)} sees every error of every attempt and says whether another attempt
 * follows (a redirect, a retry on a stale pooled connection) or the call fails.
 */
public final class HttpClientHandlerInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "reactor.netty.http.client.HttpClientConnect$HttpClientHandler";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advice.to(NewCallAdvice.class).on(isConstructor()),
                // The Throwable overload only: the bridge test(Object) calls it.
                Advice.to(RetryFilterAdvice.class).on(named("test").and(takesArguments(1))
                        .and(takesArgument(0, named("java.lang.Throwable")))));
    }

    public static final class NewCallAdvice {

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object handler, @Advice.FieldValue("method") Object method,
                                @Advice.FieldValue("resourceUrl") String url,
                                @Advice.FieldValue("websocketClientSpec") Object websocket) {
            // A WebSocket is not an HTTP call with a response: not traced (no URL, no call).
            Bridge.hook(HookId.REACTOR_NETTY_SUBSCRIBE).enter(handler, method, websocket == null ? url : null);
        }
    }

    public static final class RetryFilterAdvice {

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object handler, @Advice.Argument(0) Throwable error,
                                @Advice.Return boolean retried) {
            Bridge.hook(HookId.REACTOR_NETTY_RETRY).enter(handler, error, retried ? Boolean.TRUE : Boolean.FALSE);
        }
    }
}
