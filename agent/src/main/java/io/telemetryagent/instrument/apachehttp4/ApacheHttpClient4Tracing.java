package io.telemetryagent.instrument.apachehttp4;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.instrument.BackendGuard;
import io.telemetryagent.instrument.BackendSpans;
import io.telemetryagent.instrument.LibraryMethod;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;

/**
 * Backend spans for Apache HttpClient 4.x: one per {@code doExecute}, ended when it returns the
 * response (its headers read; the app then reads the body). The span is the backend call in
 * progress on the calling thread ({@link BackendGuard}) for {@link ApacheHttpClient4RequestHeaders}.
 */
public final class ApacheHttpClient4Tracing extends AgentHook {

    private static final LibraryMethod REQUEST_LINE = new LibraryMethod("getRequestLine");
    private static final LibraryMethod METHOD = new LibraryMethod("getMethod");
    private static final LibraryMethod URI = new LibraryMethod("getUri");
    private static final LibraryMethod TO_URI = new LibraryMethod("toURI");
    private static final LibraryMethod STATUS_LINE = new LibraryMethod("getStatusLine");
    private static final LibraryMethod STATUS_CODE = new LibraryMethod("getStatusCode");
    private static final LibraryMethod ENTITY = new LibraryMethod("getEntity");
    private static final LibraryMethod CONTENT_LENGTH = new LibraryMethod("getContentLength");

    private final Tracer tracer;

    public ApacheHttpClient4Tracing(Tracer tracer) {
        super("Apache HttpClient 4");
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

    /** {@code target}: the HttpHost, or null when the request's URI is absolute. */
    @Override
    protected Object onEnter(Object client, Object target, Object request) {
        Object requestLine = REQUEST_LINE.invoke(request);
        String uri = (String) URI.invoke(requestLine);
        String url = uri != null && uri.indexOf("://") < 0 && target != null ? TO_URI.invoke(target) + uri : uri;
        Span span = BackendSpans.start(tracer, (String) METHOD.invoke(requestLine), url);
        return span == null ? null : new Call(span, BackendGuard.enter(span));
    }

    @Override
    protected void onExit(Object token, Object client, Object response, Throwable thrown) {
        Call call = (Call) token;
        BackendGuard.exit(call.previousGuard);
        if (thrown != null || response == null) {
            BackendSpans.fail(tracer, call.span, thrown);
            return;
        }
        Object status = STATUS_CODE.invoke(STATUS_LINE.invoke(response));
        Object length = CONTENT_LENGTH.invoke(ENTITY.invoke(response));
        BackendSpans.finish(tracer, call.span, status instanceof Integer ? (Integer) status : 0,
                length instanceof Long ? (Long) length : -1);
    }
}
