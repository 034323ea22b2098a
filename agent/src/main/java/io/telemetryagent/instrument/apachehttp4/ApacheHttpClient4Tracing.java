package io.telemetryagent.instrument.apachehttp4;

import io.telemetryagent.instrument.BackendGuard;
import io.telemetryagent.instrument.LibraryMethod;
import io.telemetryagent.instrument.OutboundCall;
import io.telemetryagent.instrument.TraceHeaderHook;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.TraceHeader;
import io.telemetryagent.trace.Tracer;

/**
 * Backend spans for Apache HttpClient 4.x: one per {@code doExecute}, ended when it returns the
 * response (its headers read; the app then reads the body). The span is the backend call in
 * progress on the calling thread ({@link BackendGuard}) for {@link RequestHeaders}.
 */
public final class ApacheHttpClient4Tracing extends OutboundCall {

    private static final LibraryMethod REQUEST_LINE = new LibraryMethod("getRequestLine");
    private static final LibraryMethod METHOD = new LibraryMethod("getMethod");
    private static final LibraryMethod URI = new LibraryMethod("getUri");
    private static final LibraryMethod TO_URI = new LibraryMethod("toURI");
    private static final LibraryMethod STATUS_LINE = new LibraryMethod("getStatusLine");
    private static final LibraryMethod STATUS_CODE = new LibraryMethod("getStatusCode");
    private static final LibraryMethod ENTITY = new LibraryMethod("getEntity");
    private static final LibraryMethod CONTENT_LENGTH = new LibraryMethod("getContentLength");

    public ApacheHttpClient4Tracing(Tracer tracer) {
        super("Apache HttpClient 4", tracer);
    }

    /** {@code target}: the HttpHost, or null when the request's URI is absolute. */
    @Override
    protected Span start(Object client, Object target, Object request) {
        Object requestLine = REQUEST_LINE.invoke(request);
        String uri = (String) URI.invoke(requestLine);
        String url = uri != null && uri.indexOf("://") < 0 && target != null ? TO_URI.invoke(target) + uri : uri;
        return startCall((String) METHOD.invoke(requestLine), url);
    }

    @Override
    protected int status(Object response) {
        Object status = STATUS_CODE.invoke(STATUS_LINE.invoke(response));
        return status instanceof Integer ? (Integer) status : 0;
    }

    @Override
    protected long contentLength(Object response) {
        Object length = CONTENT_LENGTH.invoke(ENTITY.invoke(response));
        return length instanceof Long ? (Long) length : -1;
    }

    /**
     * Sets the header on the client's wrapper of the request about to be sent, when the request
     * (the app, or its interceptors) has none.
     */
    public static final class RequestHeaders extends TraceHeaderHook {

        private static final LibraryMethod CONTAINS_HEADER = new LibraryMethod("containsHeader", String.class);
        private static final LibraryMethod SET_HEADER = new LibraryMethod("setHeader", String.class, String.class);

        public RequestHeaders() {
            super("Apache HttpClient 4");
        }

        @Override
        protected boolean hasTraceHeader(Object request) {
            return Boolean.TRUE.equals(CONTAINS_HEADER.invoke(request, TraceHeader.NAME));
        }

        @Override
        protected Object withTraceHeader(Object request, String header) {
            SET_HEADER.invoke(request, TraceHeader.NAME, header);
            return request; // set in place: the woven call drops the answer
        }
    }
}
