package io.telemetryagent.instrument.apachehttp5;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.instrument.BackendGuard;
import io.telemetryagent.instrument.BackendSpans;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;

/**
 * Backend spans for Apache HttpClient 5.x's classic clients: one per {@code doExecute}, ended when
 * it returns the response. The span is the backend call in progress on the calling thread
 * ({@link BackendGuard}), for {@link ClassicRequestHeaders}.
 */
public final class ClassicTracing extends AgentHook {

    private final Tracer tracer;

    public ClassicTracing(Tracer tracer) {
        super("Apache HttpClient 5");
        this.tracer = tracer;
    }

    /** What an enter started, for its exit. */
    static final class Call {
        final Span span;
        final Span previousGuard;

        Call(Span span, Span previousGuard) {
            this.span = span;
            this.previousGuard = previousGuard;
        }
    }

    @Override
    protected Object onEnter(Object client, Object target, Object request) {
        Span span = ApacheHttpClient5.start(tracer, target, request);
        return span == null ? null : new Call(span, BackendGuard.enter(span));
    }

    @Override
    protected void onExit(Object token, Object client, Object response, Throwable thrown) {
        Call call = (Call) token;
        BackendGuard.exit(call.previousGuard);
        if (thrown != null || response == null) {
            BackendSpans.fail(tracer, call.span, thrown);
        } else {
            ApacheHttpClient5.finish(tracer, call.span, response);
        }
    }
}
