package io.telemetryagent.instrument.apachehttp5;

import io.telemetryagent.instrument.BackendGuard;
import io.telemetryagent.instrument.OutboundCall;
import io.telemetryagent.instrument.TraceHeaderHook;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;

/**
 * Backend spans for Apache HttpClient 5.x's classic clients: one per {@code doExecute}, ended when
 * it returns the response. The span is the backend call in progress on the calling thread
 * ({@link BackendGuard}), for {@link RequestHeaders}.
 */
public final class ClassicTracing extends OutboundCall {

    public ClassicTracing(Tracer tracer) {
        super("Apache HttpClient 5", tracer);
    }

    @Override
    protected Span start(Object client, Object target, Object request) {
        return startCall(ApacheHttpClient5.method(request), ApacheHttpClient5.url(target, request));
    }

    @Override
    protected int status(Object response) {
        return ApacheHttpClient5.status(response);
    }

    @Override
    protected long contentLength(Object response) {
        return ApacheHttpClient5.contentLength(response);
    }

    /**
     * Sets the header on a classic request about to be sent, and removes it once sent: the
     * minimal client sends the app's own request object, which must end as it was.
     */
    public static final class RequestHeaders extends TraceHeaderHook {

        private static final Object ADDED = new Object();

        public RequestHeaders() {
            super("Apache HttpClient 5");
        }

        @Override
        protected boolean hasTraceHeader(Object request) {
            return ApacheHttpClient5.hasTraceHeader(request);
        }

        @Override
        protected Object withTraceHeader(Object request, String header) {
            ApacheHttpClient5.setTraceHeader(request, header);
            return ADDED;
        }

        @Override
        protected void onExit(Object token, Object request, Object result, Throwable thrown) {
            ApacheHttpClient5.removeTraceHeader(request);
        }
    }
}
