package io.telemetryagent.instrument.okhttp;

import io.telemetryagent.instrument.BackendGuard;
import io.telemetryagent.instrument.CallerContexts;
import io.telemetryagent.instrument.LibraryMethod;
import io.telemetryagent.instrument.OutboundCall;
import io.telemetryagent.instrument.TraceHeaderHook;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.TraceHeader;
import io.telemetryagent.trace.Tracer;

/**
 * Backend spans for OkHttp 3.x and 4.x calls (their API is the same, binary-compatible), read
 * through OkHttp's public methods. The span is the backend call in progress on the thread running
 * the call ({@link BackendGuard}), so that {@link RequestHeaders} puts its header on each request
 * written. An enqueued call runs on a dispatcher thread: it is recorded under the context current
 * where it was enqueued.
 */
public final class OkHttpTracing extends OutboundCall {

    private static final LibraryMethod CALL_REQUEST = new LibraryMethod("request");
    private static final LibraryMethod REQUEST_URL = new LibraryMethod("url");
    private static final LibraryMethod REQUEST_METHOD = new LibraryMethod("method");
    private static final LibraryMethod RESPONSE_CODE = new LibraryMethod("code");
    private static final LibraryMethod HEADER = new LibraryMethod("header", String.class);

    private final CallerContexts enqueued;

    /** @param enqueued the contexts enqueue captured, by call */
    public OkHttpTracing(Tracer tracer, CallerContexts enqueued) {
        super("OkHttp", tracer);
        this.enqueued = enqueued;
    }

    @Override
    protected Span start(Object call, Object unused, Object unused2) {
        Object request = CALL_REQUEST.invoke(call);
        String url = String.valueOf(REQUEST_URL.invoke(request));
        String method = (String) REQUEST_METHOD.invoke(request);
        Span enqueuedUnder = enqueued.take(call);
        return enqueuedUnder != null ? startCallUnder(enqueuedUnder, method, url) : startCall(method, url);
    }

    @Override
    protected int status(Object response) {
        Object status = RESPONSE_CODE.invoke(response);
        return status instanceof Integer ? (Integer) status : 0;
    }

    @Override
    protected long contentLength(Object response) {
        return contentLength((String) HEADER.invoke(response, "Content-Length"));
    }

    /**
     * Gives the codec a copy of the request with the header ({@code enter} answers the copy, or
     * null to write the request as it is).
     */
    public static final class RequestHeaders extends TraceHeaderHook {

        private static final LibraryMethod NEW_BUILDER = new LibraryMethod("newBuilder");
        private static final LibraryMethod BUILDER_HEADER = new LibraryMethod("header", String.class, String.class);
        private static final LibraryMethod BUILD = new LibraryMethod("build");

        public RequestHeaders() {
            super("OkHttp");
        }

        @Override
        protected boolean hasTraceHeader(Object request) {
            return HEADER.invoke(request, TraceHeader.NAME) != null;
        }

        @Override
        protected Object withTraceHeader(Object request, String header) {
            return BUILD.invoke(BUILDER_HEADER.invoke(NEW_BUILDER.invoke(request), TraceHeader.NAME, header));
        }
    }
}
