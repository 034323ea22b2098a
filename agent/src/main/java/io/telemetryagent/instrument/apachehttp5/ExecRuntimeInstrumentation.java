package io.telemetryagent.instrument.apachehttp5;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * {@code InternalExecRuntime.execute(exchangeId, request, ...)}, where both classic clients
 * send each attempt of a call. {@code InternalHttpClient} passes its own copy of the app's request,
 * but {@code MinimalHttpClient} the app's request itself: the trace header is added for the send
 * and removed once it returns, so the app's object ends as it was.
 */
public final class ExecRuntimeInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "org.apache.hc.client5.http.impl.classic.InternalExecRuntime";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public AsmVisitorWrapper advice() {
        // execute(exchangeId, request, [informationCallback,] context): 5.4 added the callback.
        return Advice.to(ExecuteAdvice.class).on(named("execute")
                .and(takesArgument(1, named("org.apache.hc.core5.http.ClassicHttpRequest"))));
    }

    public static final class ExecuteAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.Argument(1) Object request) {
            return Bridge.hook(HookId.APACHE5_REQUEST_HEADERS).enter(null, request, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.Argument(1) Object request) {
            if (token != null) {
                Bridge.hook(HookId.APACHE5_REQUEST_HEADERS).exit(token, request, null, null);
            }
        }
    }
}
