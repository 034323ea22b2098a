package io.telemetryagent.instrument.reactornetty;

import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

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
    public List<MethodHook> hooks() {
        return List.of(
                MethodHook.call(named("cancel").arguments(0), HookId.REACTOR_NETTY_CANCEL, self()));
    }
}
