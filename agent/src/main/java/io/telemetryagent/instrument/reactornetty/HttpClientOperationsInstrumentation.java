package io.telemetryagent.instrument.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Reactor Netty's {@code HttpClientOperations} (1.1, 1.2), one per attempt of a call, over HTTP/1.1
 * and HTTP/2 alike. {@code beforeMarkSentHeaders} runs once, just before the request's headers are
 * written, whichever way the body goes out, when every header of the app (WebClient's included)
 * is in place. {@code onInboundNext} delivers each message of the response to the app.
 */
public final class HttpClientOperationsInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "reactor.netty.http.client.HttpClientOperations";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advice.to(HeadersAdvice.class).on(named("beforeMarkSentHeaders").and(takesArguments(0))),
                Advice.to(InboundAdvice.class).on(named("onInboundNext").and(takesArguments(2))));
    }

    public static final class HeadersAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object operations, @Advice.FieldValue("requestHeaders") Object headers) {
            Bridge.hook(HookId.REACTOR_NETTY_REQUEST_HEADERS).enter(operations, headers, null);
        }
    }

    public static final class InboundAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object operations) {
            return Bridge.hook(HookId.REACTOR_NETTY_INBOUND).enter(operations, null, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.This Object operations) {
            if (token != null) {
                Bridge.hook(HookId.REACTOR_NETTY_INBOUND).exit(token, operations, null, null);
            }
        }
    }
}
