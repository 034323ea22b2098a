package io.telemetryagent.instrument.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * OkHttp's call ({@code okhttp3.RealCall} in 3.x, {@code okhttp3.internal.connection.RealCall} in
 * 4.x). Both {@code execute} and the dispatcher's run of an enqueued call go through
 * {@code getResponseWithInterceptorChain} (in 4.x under its Kotlin {@code internal} name), on the
 * thread that makes the call: the span covers it, retries and redirects included, and ends before
 * an enqueued call's callback runs. {@code enqueue} only notes the caller's context.
 */
public final class RealCallInstrumentation implements TypeInstrumentation {

    private final String className;

    public RealCallInstrumentation(String className) {
        this.className = className;
    }

    @Override
    public String className() {
        return className;
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advice.to(EnqueueAdvice.class).on(named("enqueue").and(takesArguments(1))),
                Advice.to(CallAdvice.class).on(namedOneOf("getResponseWithInterceptorChain",
                        "getResponseWithInterceptorChain$okhttp").and(takesArguments(0))));
    }

    public static final class EnqueueAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object call) {
            Bridge.hook(HookId.OKHTTP_ENQUEUE).enter(call, null, null);
        }
    }

    public static final class CallAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object call) {
            return Bridge.hook(HookId.OKHTTP_CALL).enter(call, null, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.This Object call,
                                @Advice.Return Object response, @Advice.Thrown Throwable thrown) {
            if (token != null) {
                Bridge.hook(HookId.OKHTTP_CALL).exit(token, call, response, thrown);
            }
        }
    }
}
