package io.telemetryagent.instrument.apachehttp5;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * The last link of the async execution chain ({@code HttpAsyncMainClientExec} for HTTP/1.1 and
 * negotiated connections, {@code H2AsyncMainClientExec} for HTTP/2-only clients), given the
 * client's own copy of the request for each attempt, on whichever thread the connection came.
 */
public final class AsyncMainExecInstrumentation implements TypeInstrumentation {

    private final String className;

    public AsyncMainExecInstrumentation(String className) {
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
        return Advice.to(ExecuteAdvice.class).on(named("execute").and(takesArguments(5)));
    }

    public static final class ExecuteAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) Object request, @Advice.Argument(2) Object scope) {
            Bridge.hook(HookId.APACHE5_ASYNC_REQUEST_HEADERS).enter(null, request, scope);
        }
    }
}
