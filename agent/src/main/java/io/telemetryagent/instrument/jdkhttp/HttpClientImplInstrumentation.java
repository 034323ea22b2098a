package io.telemetryagent.instrument.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * {@code java.net.http.HttpClient}'s implementation ({@code HttpClient.newHttpClient()} returns a
 * facade that delegates to it). {@code send} calls the private four-argument {@code sendAsync}
 * that every public {@code sendAsync} ends in: a call made with {@code send} ends when it returns,
 * one made with {@code sendAsync} when its future completes.
 */
public final class HttpClientImplInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "jdk.internal.net.http.HttpClientImpl";
    }

    @Override
    public String moduleName() {
        return "java.net.http";
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advice.to(SendAdvice.class).on(named("send").and(takesArguments(2))),
                Advice.to(SendAsyncAdvice.class).on(named("sendAsync").and(takesArguments(4))));
    }

    public static final class SendAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object client, @Advice.Argument(0) Object request) {
            return Bridge.hook(HookId.JDK_HTTP_SEND).enter(client, request, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.This Object client,
                                @Advice.Return Object response, @Advice.Thrown Throwable thrown) {
            if (token != null) {
                Bridge.hook(HookId.JDK_HTTP_SEND).exit(token, client, response, thrown);
            }
        }
    }

    public static final class SendAsyncAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object client, @Advice.Argument(0) Object request) {
            return Bridge.hook(HookId.JDK_HTTP_SEND_ASYNC).enter(client, request, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.This Object client,
                                @Advice.Return Object future, @Advice.Thrown Throwable thrown) {
            if (token != null) {
                Bridge.hook(HookId.JDK_HTTP_SEND_ASYNC).exit(token, client, future, thrown);
            }
        }
    }
}
