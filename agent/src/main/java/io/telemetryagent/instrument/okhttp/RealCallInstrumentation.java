package io.telemetryagent.instrument.okhttp;

import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * OkHttp's call ({@code okhttp3.RealCall} in 3.x, {@code okhttp3.internal.connection.RealCall} in
 * 4.x). Both {@code execute} and the dispatcher's run of an enqueued call go through
 * {@code getResponseWithInterceptorChain} (in 4.x under its Kotlin {@code internal} name), on the
 * thread that makes the call: the span covers it, retries and redirects included, and ends before
 * an enqueued call's callback runs. {@code enqueue} only notes the caller's context.
 */
public final class RealCallInstrumentation implements TypeInstrumentation {

    private final String className;

    public RealCallInstrumentation(String className) {
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
    public List<MethodHook> hooks() {
        return List.of(
                MethodHook.call(named("enqueue").arguments(1), HookId.OKHTTP_ENQUEUE, self()),
                MethodHook.span(named("getResponseWithInterceptorChain", "getResponseWithInterceptorChain$okhttp")
                                .arguments(0), HookId.OKHTTP_CALL, self())
                        .end(self(), true, true));
    }
}
