package io.telemetryagent.instrument.apachehttp5;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.constructors;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.none;
import static io.telemetryagent.instrument.MethodHook.self;
import static io.telemetryagent.instrument.MethodHook.yes;

import io.telemetryagent.instrument.HookSettings;
import io.telemetryagent.instrument.Hooks;
import io.telemetryagent.instrument.Library;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.Slot;
import io.telemetryagent.instrument.Target;
import java.util.List;

/** Apache HttpClient 5.x, its classic and its async clients. */
public final class ApacheHttpClient5Library extends Library {

    /**
     * The classic clients ({@code InternalHttpClient} and {@code MinimalHttpClient}): every
     * {@code execute} overload ends in {@code doExecute(HttpHost, ClassicHttpRequest, HttpContext)},
     * once per call.
     */
    private final Target classicClients = targets("org.apache.hc.client5.http.impl.classic.InternalHttpClient",
            "org.apache.hc.client5.http.impl.classic.MinimalHttpClient");
    /**
     * {@code InternalExecRuntime.execute(exchangeId, request, ...)}, where both classic clients
     * send each attempt of a call. {@code InternalHttpClient} passes its own copy of the app's
     * request, but {@code MinimalHttpClient} the app's request itself: the trace header is added
     * for the send and removed once it returns, so the app's object ends as it was.
     */
    private final Target execRuntime = targets("org.apache.hc.client5.http.impl.classic.InternalExecRuntime");
    /**
     * The async clients ({@code InternalHttpAsyncClient}, {@code InternalH2AsyncClient}): every
     * {@code execute} ends in their base class's {@code doExecute}, which sets the call up on the
     * caller's thread (the chain's scope, below) and returns a future; the exchange itself runs on
     * I/O threads.
     */
    private final Target asyncClient = targets("org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient");
    /**
     * {@code AsyncExecChain.Scope}: made by {@code doExecute} on the caller's thread once the
     * request is known, it holds the app's request, the call's future and context, and travels with
     * the call to the I/O threads (a redirect makes another scope with the same future).
     */
    private final Target asyncScope = targets("org.apache.hc.client5.http.async.AsyncExecChain$Scope");
    /**
     * The last link of the async execution chain ({@code HttpAsyncMainClientExec} for HTTP/1.1
     * and negotiated connections, {@code H2AsyncMainClientExec} for HTTP/2-only clients), given the
     * client's own copy of the request for each attempt, on whichever thread the connection came.
     */
    private final Target asyncMainExecs = targets("org.apache.hc.client5.http.impl.async.HttpAsyncMainClientExec",
            "org.apache.hc.client5.http.impl.async.H2AsyncMainClientExec");
    /**
     * HttpCore 5's {@code ComplexFuture}, the future an async call returns: its {@code completed},
     * {@code failed} and {@code cancel} end the call's span before the app's callback runs or its
     * {@code get} returns. (Other uses of the class cost one look-up in an empty map.)
     */
    private final Target complexFuture = targets("org.apache.hc.core5.concurrent.ComplexFuture");

    private final Slot classicExecute = hook();
    private final Slot classicRequestHeaders = hook();
    private final Slot asyncExecute = hook();
    private final Slot asyncScopeMade = hook();
    private final Slot asyncRequestHeaders = hook();
    private final Slot asyncEnd = hook();

    public ApacheHttpClient5Library() {
        super("Apache HttpClient 5");
    }

    @Override
    protected List<MethodHook> weave(Target target, String className) {
        if (target == classicClients) {
            return List.of(
                    MethodHook.span(named("doExecute").arguments(3), classicExecute, self(), argument(0), argument(1))
                            .end(self(), true, true));
        }
        if (target == execRuntime) {
            return List.of(
                    // execute(exchangeId, request, [informationCallback,] context): 5.4 added the callback.
                    MethodHook.span(named("execute").argument(1, "org.apache.hc.core5.http.ClassicHttpRequest"),
                                    classicRequestHeaders, none(), argument(1))
                            .end(argument(1), false, false));
        }
        if (target == asyncClient) {
            return List.of(MethodHook.span(named("doExecute").arguments(6), asyncExecute, self()).end(self(), false, false));
        }
        if (target == asyncScope) {
            return List.of(MethodHook.atReturn(constructors(), asyncScopeMade, self()));
        }
        if (target == asyncMainExecs) {
            return List.of(MethodHook.call(named("execute").arguments(5), asyncRequestHeaders,
                    none(), argument(0), argument(2)));
        }
        return List.of(
                MethodHook.call(named("completed").arguments(1), asyncEnd, self()),
                MethodHook.call(named("failed").arguments(1), asyncEnd, self(), argument(0)),
                MethodHook.call(named("cancel").arguments(1), asyncEnd, self(), none(), yes()));
    }

    @Override
    protected void makeHooks(Hooks hooks, HookSettings settings) {
        hooks.put(classicExecute, new ClassicTracing(settings.tracer()));
        hooks.put(classicRequestHeaders, new ClassicTracing.RequestHeaders());
        hooks.put(asyncExecute, new AsyncTracing(settings.tracer(), AsyncTracing.Step.EXECUTE));
        hooks.put(asyncScopeMade, new AsyncTracing(settings.tracer(), AsyncTracing.Step.SCOPE));
        hooks.put(asyncRequestHeaders, new AsyncTracing.RequestHeaders());
        hooks.put(asyncEnd, new AsyncTracing(settings.tracer(), AsyncTracing.Step.END));
    }
}
