package io.telemetryagent.instrument.reactornetty;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.constructors;
import static io.telemetryagent.instrument.MethodHook.field;
import static io.telemetryagent.instrument.MethodHook.named;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * Reactor Netty's {@code HttpClientConnect.HttpIOHandlerObserver} (1.1, 1.2): the last observer of
 * each attempt's connection, made with the call's handler and the sink of the attempt's connect
 * publisher (the one the app's cancel reaches). On {@code CONFIGURED} it writes the request; on
 * {@code RESPONSE_RECEIVED} (the final response: a redirect's never gets there) it hands the
 * response to the app. The hook runs first, so the span ends before the app sees it.
 */
public final class HttpIOHandlerObserverInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "reactor.netty.http.client.HttpClientConnect$HttpIOHandlerObserver";
    }

    @Override
    public String moduleName() {
        return null;
    }

    private static final MethodHook.Value HANDLER =
            field("handler", "Lreactor/netty/http/client/HttpClientConnect$HttpClientHandler;");

    @Override
    public List<MethodHook> hooks() {
        return List.of(
                MethodHook.atReturn(constructors(), HookId.REACTOR_NETTY_STATE, HANDLER,
                        field("sink", "Lreactor/core/publisher/MonoSink;")),
                MethodHook.call(named("onStateChange").arguments(2), HookId.REACTOR_NETTY_STATE, HANDLER,
                        argument(0), argument(1)));
    }
}
