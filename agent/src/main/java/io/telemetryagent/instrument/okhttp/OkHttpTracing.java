package io.telemetryagent.instrument.okhttp;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.instrument.BackendGuard;
import io.telemetryagent.instrument.BackendSpans;
import io.telemetryagent.instrument.LibraryMethod;
import io.telemetryagent.instrument.WeakIdentityTable;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;

/**
 * Backend spans for OkHttp 3.x and 4.x calls (their API is the same, binary-compatible). The
 * span is the backend call in progress on the thread running the call ({@link BackendGuard}),
 * so that {@link OkHttpRequestHeaders} puts its header on each request written. An enqueued call
 * runs on a dispatcher thread: it is recorded under the context current where it was enqueued.
 */
public final class OkHttpTracing extends AgentHook {

    static final LibraryMethod CALL_REQUEST = new LibraryMethod("request");
    static final LibraryMethod REQUEST_URL = new LibraryMethod("url");
    static final LibraryMethod REQUEST_METHOD = new LibraryMethod("method");
    static final LibraryMethod RESPONSE_CODE = new LibraryMethod("code");
    static final LibraryMethod HEADER = new LibraryMethod("header", String.class);

    /** The context each enqueued call was enqueued under, until the dispatcher runs it. */
    private static final WeakIdentityTable<Span> ENQUEUED = new WeakIdentityTable<>(65_536);

    private final Tracer tracer;
    /** true: the hook of enqueue; false: of the call's run. */
    private final boolean enqueue;

    public OkHttpTracing(Tracer tracer, boolean enqueue) {
        super("OkHttp");
        this.tracer = tracer;
        this.enqueue = enqueue;
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
    protected Object onEnter(Object call, Object unused, Object unused2) {
        if (enqueue) {
            Span context = Tracer.current();
            if (context != null) {
                ENQUEUED.put(call, context);
            }
            return null;
        }
        Object request = CALL_REQUEST.invoke(call);
        String url = String.valueOf(REQUEST_URL.invoke(request));
        String method = (String) REQUEST_METHOD.invoke(request);
        Span enqueuedUnder = ENQUEUED.remove(call);
        Span span = enqueuedUnder != null
                ? BackendSpans.startUnder(tracer, enqueuedUnder, method, url)
                : BackendSpans.start(tracer, method, url);
        return span == null ? null : new Call(span, BackendGuard.enter(span));
    }

    @Override
    protected void onExit(Object token, Object call, Object response, Throwable thrown) {
        Call c = (Call) token;
        BackendGuard.exit(c.previousGuard);
        if (thrown != null || response == null) {
            BackendSpans.fail(tracer, c.span, thrown);
            return;
        }
        Object status = RESPONSE_CODE.invoke(response);
        BackendSpans.finish(tracer, c.span, status instanceof Integer ? (Integer) status : 0,
                contentLength((String) HEADER.invoke(response, "Content-Length")));
    }

    static long contentLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
