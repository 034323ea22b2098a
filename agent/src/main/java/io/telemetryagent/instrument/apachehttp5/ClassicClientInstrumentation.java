package io.telemetryagent.instrument.apachehttp5;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Apache HttpClient 5.x's classic clients ({@code InternalHttpClient} and {@code MinimalHttpClient}
 * in {@code org.apache.hc.client5.http.impl.classic}): every {@code execute} overload ends in
 * {@code doExecute(HttpHost, ClassicHttpRequest, HttpContext)}, once per call.
 */
public final class ClassicClientInstrumentation implements TypeInstrumentation {

    private final String className;

    public ClassicClientInstrumentation(String className) {
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
        return Advice.to(DoExecuteAdvice.class).on(named("doExecute").and(takesArguments(3)));
    }

    public static final class DoExecuteAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object client, @Advice.Argument(0) Object target,
                                   @Advice.Argument(1) Object request) {
            return Bridge.hook(HookId.APACHE5_EXECUTE).enter(client, target, request);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.This Object client,
                                @Advice.Return Object response, @Advice.Thrown Throwable thrown) {
            if (token != null) {
                Bridge.hook(HookId.APACHE5_EXECUTE).exit(token, client, response, thrown);
            }
        }
    }
}
