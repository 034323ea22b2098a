package io.telemetryagent.instrument.apachehttp5;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * {@code AsyncExecChain.Scope}: made by {@code doExecute} on the caller's thread once the request
 * is known, it holds the app's request, the call's future and context, and travels with the call
 * to the I/O threads (a redirect makes another scope with the same future).
 */
public final class AsyncScopeInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "org.apache.hc.client5.http.async.AsyncExecChain$Scope";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advice.to(ScopeAdvice.class).on(isConstructor());
    }

    public static final class ScopeAdvice {

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object scope) {
            Bridge.hook(HookId.APACHE5_ASYNC_SCOPE).enter(scope, null, null);
        }
    }
}
