package io.telemetryagent.instrument.apachehttp4;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * The last link of Apache HttpClient 4.x's execution chain ({@code MainClientExec}, or
 * {@code MinimalClientExec} for the minimal client), which sends each attempt of a call. It gets
 * the client's own wrapper of the app's request (with the app's interceptors applied), so the
 * trace header goes on the wrapper and the app's request object stays as it was.
 */
public final class ClientExecInstrumentation implements TypeInstrumentation {

    private final String className;

    public ClientExecInstrumentation(String className) {
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
        return Advice.to(ExecuteAdvice.class).on(named("execute").and(takesArguments(4)));
    }

    public static final class ExecuteAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(1) Object requestWrapper) {
            Bridge.hook(HookId.APACHE4_REQUEST_HEADERS).enter(null, requestWrapper, null);
        }
    }
}
