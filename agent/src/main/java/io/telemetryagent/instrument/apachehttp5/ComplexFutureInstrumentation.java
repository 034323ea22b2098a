package io.telemetryagent.instrument.apachehttp5;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * HttpCore 5's {@code ComplexFuture}, the future an async call returns: its {@code completed},
 * {@code failed} and {@code cancel} end the call's span before the app's callback runs or its
 * {@code get} returns. (Other uses of the class cost one look-up in an empty map.)
 */
public final class ComplexFutureInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "org.apache.hc.core5.concurrent.ComplexFuture";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advice.to(CompletedAdvice.class).on(named("completed").and(takesArguments(1))),
                Advice.to(FailedAdvice.class).on(named("failed").and(takesArguments(1))),
                Advice.to(CancelAdvice.class).on(named("cancel").and(takesArguments(1))));
    }

    public static final class CompletedAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object future) {
            Bridge.hook(HookId.APACHE5_ASYNC_END).enter(future, null, null);
        }
    }

    public static final class FailedAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object future, @Advice.Argument(0) Exception cause) {
            Bridge.hook(HookId.APACHE5_ASYNC_END).enter(future, cause, null);
        }
    }

    public static final class CancelAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object future) {
            Bridge.hook(HookId.APACHE5_ASYNC_END).enter(future, null, Boolean.TRUE);
        }
    }
}
