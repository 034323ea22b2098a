package io.telemetryagent.instrument.reactornetty;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.constructors;
import static io.telemetryagent.instrument.MethodHook.field;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.result;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.instrument.HookSettings;
import io.telemetryagent.instrument.Hooks;
import io.telemetryagent.instrument.Library;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.Slot;
import io.telemetryagent.instrument.Target;
import java.util.List;

/** Reactor Netty's HTTP client (1.1, 1.2), under Spring's WebClient among others. */
public final class ReactorNettyLibrary extends Library {

    /**
     * {@code HttpClientConnect.HttpClientHandler}: one per subscription to the client's connect
     * publisher, made by {@code MonoHttpConnect.subscribe} on the subscribing thread, and kept for
     * every attempt of that call. It is also the call's retry filter: its {@code test(Throwable)}
     * sees every error of every attempt and says whether another attempt follows (a redirect, a
     * retry on a stale pooled connection) or the call fails.
     */
    private final Target handler = targets("reactor.netty.http.client.HttpClientConnect$HttpClientHandler");
    /**
     * {@code HttpClientConnect.HttpIOHandlerObserver}: the last observer of each attempt's
     * connection, made with the call's handler and the sink of the attempt's connect publisher (the
     * one the app's cancel reaches). On {@code CONFIGURED} it writes the request; on
     * {@code RESPONSE_RECEIVED} (the final response: a redirect's never gets there) it hands the
     * response to the app. The hook runs first, so the span ends before the app sees it.
     */
    private final Target observer = targets("reactor.netty.http.client.HttpClientConnect$HttpIOHandlerObserver");
    /**
     * {@code HttpClientOperations}, one per attempt of a call, over HTTP/1.1 and HTTP/2 alike.
     * {@code beforeMarkSentHeaders} runs once, just before the request's headers are written,
     * whichever way the body goes out, when every header of the app (WebClient's included) is in
     * place. {@code onInboundNext} delivers each message of the response to the app.
     */
    private final Target operations = targets("reactor.netty.http.client.HttpClientOperations");
    /**
     * Reactor's {@code MonoCreate.DefaultMonoSink} (reactor-core 3.5 to 3.7): Reactor Netty's
     * connect publisher is a {@code Mono.create}, so the app cancelling a call (a {@code timeout}
     * operator, a disposed subscription) reaches its sink's {@code cancel}, on the cancelling
     * thread, before the app hears of it. Every other sink's cancel costs one look-up in the table
     * of calls under way.
     */
    private final Target monoSink = targets("reactor.core.publisher.MonoCreate$DefaultMonoSink");

    /** The handler made, where the call is subscribed. */
    private final Slot subscribe = hook();
    /** An attempt configured, the response received. */
    private final Slot state = hook();
    /** An attempt's headers about to be written. */
    private final Slot requestHeaders = hook();
    /** Another attempt follows (redirect, stale connection) or the call fails. */
    private final Slot retry = hook();
    /** The response delivered in the context the call was subscribed in. */
    private final Slot inbound = hook();
    /** The app cancelled a call before its response. */
    private final Slot cancel = hook();

    public ReactorNettyLibrary() {
        super("Reactor Netty HTTP client");
    }

    @Override
    protected List<MethodHook> weave(Target target, String className) {
        if (target == handler) {
            return List.of(
                    // The hook leaves a WebSocket untraced: not an HTTP call with a response.
                    MethodHook.atReturn(constructors(), subscribe, self(),
                            field("method", "Lio/netty/handler/codec/http/HttpMethod;"),
                            field("resourceUrl", "Ljava/lang/String;")),
                    // The Throwable overload only: the bridge test(Object) calls it.
                    MethodHook.atReturn(named("test").arguments(1).argument(0, "java.lang.Throwable"),
                            retry, result(), self(), argument(0)));
        }
        if (target == observer) {
            return List.of(
                    MethodHook.atReturn(constructors(), state, callHandler(),
                            field("sink", "Lreactor/core/publisher/MonoSink;")),
                    MethodHook.call(named("onStateChange").arguments(2), state, callHandler(), argument(0), argument(1)));
        }
        if (target == operations) {
            return List.of(
                    MethodHook.call(named("beforeMarkSentHeaders").arguments(0), requestHeaders,
                            self(), field("requestHeaders", "Lio/netty/handler/codec/http/HttpHeaders;")),
                    MethodHook.span(named("onInboundNext").arguments(2), inbound, self()).end(self(), false, false));
        }
        return List.of(MethodHook.call(named("cancel").arguments(0), cancel, self()));
    }

    /** The observer's call handler. */
    private static MethodHook.Value callHandler() {
        return field("handler", "Lreactor/netty/http/client/HttpClientConnect$HttpClientHandler;");
    }

    @Override
    protected void makeHooks(Hooks hooks, HookSettings settings) {
        hooks.put(subscribe, new ReactorNettyTracing(settings.tracer(), ReactorNettyTracing.Step.SUBSCRIBE));
        hooks.put(state, new ReactorNettyTracing(settings.tracer(), ReactorNettyTracing.Step.STATE));
        hooks.put(requestHeaders, new ReactorNettyTracing.RequestHeaders());
        hooks.put(retry, new ReactorNettyTracing(settings.tracer(), ReactorNettyTracing.Step.RETRY));
        hooks.put(inbound, new ReactorNettyTracing(settings.tracer(), ReactorNettyTracing.Step.INBOUND));
        hooks.put(cancel, new ReactorNettyTracing(settings.tracer(), ReactorNettyTracing.Step.CANCEL));
    }
}
