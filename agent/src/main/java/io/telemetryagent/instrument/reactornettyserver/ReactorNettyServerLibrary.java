package io.telemetryagent.instrument.reactornettyserver;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.instrument.HookSettings;
import io.telemetryagent.instrument.Hooks;
import io.telemetryagent.instrument.Library;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.Slot;
import io.telemetryagent.instrument.Target;
import java.util.List;

/** Reactor Netty's HTTP server (1.0 to 1.2), and Spring WebFlux on it (6.1, 6.2). */
public final class ReactorNettyServerLibrary extends Library {

    /**
     * {@code HttpServerOperations}, one per request, over HTTP/1.1 and HTTP/2 alike.
     * {@code onInboundNext} hands each message of the request to the app (the head first, inside
     * which the server subscribes to the app's handler); {@code onOutboundError} is told when the
     * handler's publisher fails, before the server answers 500.
     */
    private final Target operations = targets("reactor.netty.http.server.HttpServerOperations");
    /**
     * {@code ChannelOperations.terminate} (reactor-netty-core): the server calls it on a request's
     * operations once the response is written, and when the client closed the connection before
     * that; it is final, so it is hooked here, where every connection's operations (the client's
     * too) pass: one look-up in the table of requests under way.
     */
    private final Target channelOperations = targets("reactor.netty.channel.ChannelOperations");
    /** Spring WebFlux's {@code DispatcherHandler.handle(ServerWebExchange)}. */
    private final Target dispatcher = targets("org.springframework.web.reactive.DispatcherHandler");

    /** The request's head starts its router; each message runs in its context. */
    private final Slot inbound = hook();
    /** The handler's publisher failed, the server answers 500. */
    private final Slot error = hook();
    /** The response is written (or the client left): the request ends. */
    private final Slot end = hook();
    /** WebFlux's dispatcher: the pipe, named by route template when the response ends. */
    private final Slot dispatch = hook();

    public ReactorNettyServerLibrary() {
        super("Reactor Netty HTTP server");
    }

    @Override
    protected List<MethodHook> weave(Target target, String className) {
        if (target == operations) {
            return List.of(
                    MethodHook.span(named("onInboundNext").arguments(2), inbound, self(), argument(1)).end(self(), false, false),
                    MethodHook.call(named("onOutboundError").arguments(1), error, self(), argument(0)));
        }
        if (target == channelOperations) {
            return List.of(MethodHook.call(named("terminate").arguments(0), end, self()));
        }
        return List.of(MethodHook.call(
                named("handle").arguments(1).argument(0, "org.springframework.web.server.ServerWebExchange"),
                dispatch, self(), argument(0)));
    }

    @Override
    protected void makeHooks(Hooks hooks, HookSettings settings) {
        hooks.put(inbound, new ReactorNettyServerTracing(settings.tracer(), ReactorNettyServerTracing.Step.INBOUND));
        hooks.put(error, new ReactorNettyServerTracing(settings.tracer(), ReactorNettyServerTracing.Step.ERROR));
        hooks.put(end, new ReactorNettyServerTracing(settings.tracer(), ReactorNettyServerTracing.Step.END));
        hooks.put(dispatch, new WebFluxTracing(settings.tracer()));
    }
}
