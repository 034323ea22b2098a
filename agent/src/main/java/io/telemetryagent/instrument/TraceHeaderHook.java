package io.telemetryagent.instrument;

import io.telemetryagent.trace.Span;

/**
 * The hook that puts {@code X-Amzn-Trace-Id} on a request about to be sent, woven where a client
 * writes each attempt's request: with the header of the call in progress, unless the request has
 * one already (the app's own is never replaced). Its enter is given the request as {@code arg0}
 * and answers what {@link #withTraceHeader} made (a copy of the request to send instead, or a
 * token for an exit that takes the header off again), or null. A client says only how to read and
 * write a header on its own request.
 */
public abstract class TraceHeaderHook extends AgentHook {

    protected TraceHeaderHook(String library) {
        super(library);
    }

    /** Whether {@code request} carries the header already. */
    protected abstract boolean hasTraceHeader(Object request);

    /**
     * Puts the header on {@code request}, or on a copy of it; returns the copy, or any non-null
     * token when the header went on the request itself, or null when it could not go on.
     */
    protected abstract Object withTraceHeader(Object request, String header);

    /**
     * The span whose header the request gets: by default the call in progress on this thread
     * ({@link BackendGuard}); a client that follows its calls otherwise finds it from {@code self}
     * or {@code arg1}. Null: no header.
     */
    protected Span call(Object self, Object arg1) {
        return BackendGuard.active();
    }

    @Override
    protected final Object onEnter(Object self, Object request, Object arg1) {
        Span span = call(self, arg1);
        if (span == null || request == null || hasTraceHeader(request)) {
            return null;
        }
        Object answer = withTraceHeader(request, BackendSpans.header(span));
        if (answer != null) {
            span.traced(true);
        }
        return answer;
    }

    @Override
    protected void onExit(Object token, Object self, Object result, Throwable thrown) {
    }
}
