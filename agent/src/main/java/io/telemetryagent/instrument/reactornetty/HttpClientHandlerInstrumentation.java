package io.telemetryagent.instrument.reactornetty;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.constructors;
import static io.telemetryagent.instrument.MethodHook.field;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.result;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * Reactor Netty's {@code HttpClientConnect.HttpClientHandler} (1.1, 1.2): one per subscription to
 * the client's connect publisher, made by {@code MonoHttpConnect.subscribe} on the subscribing
 * thread, and kept for every attempt of that call. It is also the call's retry filter: its
 * {@code test(Throwable)} sees every error of every attempt and says whether another attempt
 * follows (a redirect, a retry on a stale pooled connection) or the call fails.
 */
public final class HttpClientHandlerInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "reactor.netty.http.client.HttpClientConnect$HttpClientHandler";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(
                // The hook leaves a WebSocket untraced: not an HTTP call with a response.
                MethodHook.atReturn(constructors(), HookId.REACTOR_NETTY_SUBSCRIBE, self(),
                        field("method", "Lio/netty/handler/codec/http/HttpMethod;"),
                        field("resourceUrl", "Ljava/lang/String;")),
                // The Throwable overload only: the bridge test(Object) calls it.
                MethodHook.atReturn(named("test").arguments(1).argument(0, "java.lang.Throwable"),
                        HookId.REACTOR_NETTY_RETRY, result(), self(), argument(0)));
    }
}
