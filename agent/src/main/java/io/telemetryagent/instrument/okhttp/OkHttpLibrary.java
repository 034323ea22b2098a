package io.telemetryagent.instrument.okhttp;

import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.instrument.CallerContexts;
import io.telemetryagent.instrument.HookSettings;
import io.telemetryagent.instrument.Hooks;
import io.telemetryagent.instrument.Library;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.Slot;
import io.telemetryagent.instrument.Target;
import java.util.List;

/** OkHttp 3.x and 4.x. */
public final class OkHttpLibrary extends Library {

    /**
     * The call ({@code okhttp3.RealCall} in 3.x, {@code okhttp3.internal.connection.RealCall} in
     * 4.x). Both {@code execute} and the dispatcher's run of an enqueued call go through
     * {@code getResponseWithInterceptorChain} (in 4.x under its Kotlin {@code internal} name), on
     * the thread that makes the call: the span covers it, retries and redirects included, and ends
     * before an enqueued call's callback runs. {@code enqueue} only notes the caller's context.
     */
    private final Target calls = targets("okhttp3.RealCall", "okhttp3.internal.connection.RealCall");
    /**
     * The codecs that write a request's headers to the connection, for HTTP/1.1 and HTTP/2
     * ({@code Http1ExchangeCodec}/{@code Http2ExchangeCodec} since 3.14, {@code Http1Codec}/
     * {@code Http2Codec} before). Every network attempt of a call (a retry, a redirect) passes
     * here. The codec is given a copy of the request with the trace header, for this write only:
     * the request the app's interceptors, event listener and {@code Response.request()} see is unchanged.
     */
    private final Target codecs = targets("okhttp3.internal.http1.Http1ExchangeCodec",
            "okhttp3.internal.http2.Http2ExchangeCodec", "okhttp3.internal.http1.Http1Codec",
            "okhttp3.internal.http2.Http2Codec");

    private final Slot enqueue = hook();
    private final Slot call = hook();
    private final Slot requestHeaders = hook();

    public OkHttpLibrary() {
        super("OkHttp");
    }

    @Override
    protected List<MethodHook> weave(Target target, String className) {
        if (target == calls) {
            return List.of(
                    MethodHook.call(named("enqueue").arguments(1), enqueue, self()),
                    MethodHook.span(named("getResponseWithInterceptorChain", "getResponseWithInterceptorChain$okhttp")
                                    .arguments(0), call, self())
                            .end(self(), true, true));
        }
        return List.of(MethodHook.replaceArgument(named("writeRequestHeaders").arguments(1), 0, requestHeaders));
    }

    @Override
    protected void makeHooks(Hooks hooks, HookSettings settings) {
        CallerContexts enqueued = new CallerContexts();
        hooks.put(enqueue, new CallerContexts.Capture("OkHttp", enqueued));
        hooks.put(call, new OkHttpTracing(settings.tracer(), enqueued));
        hooks.put(requestHeaders, new OkHttpTracing.RequestHeaders());
    }
}
