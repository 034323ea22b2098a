package io.telemetryagent.instrument.okhttp;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.instrument.BackendGuard;
import io.telemetryagent.instrument.BackendSpans;
import io.telemetryagent.instrument.LibraryMethod;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.TraceHeader;

/**
 * Gives the codec a copy of the request with {@code X-Amzn-Trace-Id} when a call is in progress on
 * this thread and the request has no such header (the app's own is never replaced). {@code enter}
 * returns the copy, or null to write the request as it is.
 */
public final class OkHttpRequestHeaders extends AgentHook {

    private static final LibraryMethod NEW_BUILDER = new LibraryMethod("newBuilder");
    private static final LibraryMethod BUILDER_HEADER = new LibraryMethod("header", String.class, String.class);
    private static final LibraryMethod BUILD = new LibraryMethod("build");

    public OkHttpRequestHeaders() {
        super("OkHttp");
    }

    @Override
    protected Object onEnter(Object unused, Object request, Object unused2) {
        Span span = BackendGuard.active();
        if (span == null || request == null || OkHttpTracing.HEADER.invoke(request, TraceHeader.NAME) != null) {
            return null;
        }
        Object builder = BUILDER_HEADER.invoke(NEW_BUILDER.invoke(request), TraceHeader.NAME, BackendSpans.header(span));
        Object copy = BUILD.invoke(builder);
        if (copy != null) {
            span.traced(true);
        }
        return copy;
    }

    @Override
    protected void onExit(Object token, Object self, Object result, Throwable thrown) {
    }
}
