package io.telemetryagent.instrument.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Reactor's {@code MonoCreate.DefaultMonoSink} (reactor-core 3.5 to 3.7): Reactor Netty's connect
 * publisher is a {@code Mono.create}, so the app cancelling a call (a {@code timeout} operator, a
 * disposed subscription) reaches its sink's {@code cancel}, on the cancelling thread, before the
 * app hears of it. Every other sink's cancel costs one look-up in the table of calls under way.
 */
public final class MonoSinkInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "reactor.core.publisher.MonoCreate$DefaultMonoSink";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public AsmVisitorWrapper advice() {
        return Advice.to(CancelAdvice.class).on(named("cancel").and(takesArguments(0)));
    }

    public static final class CancelAdvice {

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object sink) {
            Bridge.hook(HookId.REACTOR_NETTY_CANCEL).enter(sink, null, null);
        }
    }
}
