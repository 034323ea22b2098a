package io.telemetryagent.instrument.apachehttp4;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.instrument.BackendGuard;
import io.telemetryagent.instrument.BackendSpans;
import io.telemetryagent.instrument.LibraryMethod;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.TraceHeader;

/**
 * Sets {@code X-Amzn-Trace-Id} on the client's wrapper of the request about to be sent, when a
 * call is in progress on this thread and the request (the app, or its interceptors) has none.
 */
public final class ApacheHttpClient4RequestHeaders extends AgentHook {

    private static final LibraryMethod CONTAINS_HEADER = new LibraryMethod("containsHeader", String.class);
    private static final LibraryMethod SET_HEADER = new LibraryMethod("setHeader", String.class, String.class);

    public ApacheHttpClient4RequestHeaders() {
        super("Apache HttpClient 4");
    }

    @Override
    protected Object onEnter(Object unused, Object request, Object unused2) {
        Span span = BackendGuard.active();
        if (span == null || request == null || Boolean.TRUE.equals(CONTAINS_HEADER.invoke(request, TraceHeader.NAME))) {
            return null;
        }
        SET_HEADER.invoke(request, TraceHeader.NAME, BackendSpans.header(span));
        span.traced(true);
        return null;
    }

    @Override
    protected void onExit(Object token, Object self, Object result, Throwable thrown) {
    }
}
