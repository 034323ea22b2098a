package io.telemetryagent.instrument.apachehttp5;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Apache HttpClient 5.x's async clients ({@code InternalHttpAsyncClient},
 * {@code InternalH2AsyncClient}): every {@code execute} ends in their base class's
 * {@code doExecute}, which sets the call up on the caller's thread (the chain's scope, see
 * {@link AsyncScopeInstrumentation}) and returns a future; the exchange itself runs on I/O threads.
 */
public final class AsyncClientInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advice.to(DoExecuteAdvice.class).on(named("doExecute").and(takesArguments(6)));
    }

    public static final class DoExecuteAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object client) {
            return Bridge.hook(HookId.APACHE5_ASYNC_EXECUTE).enter(client, null, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.This Object client) {
            if (token != null) {
                Bridge.hook(HookId.APACHE5_ASYNC_EXECUTE).exit(token, client, null, null);
            }
        }
    }
}
