package io.telemetryagent.instrument;

import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;

/**
 * The hook of an outbound HTTP call that one woven method runs from start to response (a client's
 * {@code execute}): its enter starts the backend span and marks it the call in progress on the
 * thread ({@link BackendGuard}), so that the same client's {@link TraceHeaderHook} deeper down puts
 * its header on the request; its exit unmarks it and ends the span with the response's status and
 * length, or as failed. A client says only how to read its own objects: {@link #start},
 * {@link #status}, {@link #contentLength}; an async one also how its call ends later ({@link #end}).
 */
public abstract class OutboundCall extends AgentHook {

    protected final Tracer tracer;

    protected OutboundCall(String library, Tracer tracer) {
        super(library);
        this.tracer = tracer;
    }

    /**
     * The span of the call the woven method starts, from the values it was woven with, by
     * {@link #startCall} or {@link #startCallUnder}; null leaves the call untraced.
     */
    protected abstract Span start(Object self, Object arg0, Object arg1);

    /** The response's HTTP status; 0 when unknown. */
    protected abstract int status(Object response);

    /** The response's {@code Content-Length}; -1 when unknown. */
    protected abstract long contentLength(Object response);

    /** The span and the call it hides for the method's length, for the exit. */
    private static final class InProgress {
        final Span span;
        final Span previousCall;

        InProgress(Span span, Span previousCall) {
            this.span = span;
            this.previousCall = previousCall;
        }
    }

    @Override
    protected Object onEnter(Object self, Object arg0, Object arg1) {
        Span span = start(self, arg0, arg1);
        return span == null ? null : new InProgress(span, BackendGuard.enter(span));
    }

    @Override
    protected void onExit(Object token, Object self, Object result, Throwable thrown) {
        InProgress call = (InProgress) token;
        BackendGuard.exit(call.previousCall);
        end(call.span, result, thrown);
    }

    /**
     * The woven method returned {@code result} or threw {@code thrown}: ends the span. An async
     * client, whose method returns a future, ends it when that completes instead.
     */
    protected void end(Span span, Object result, Throwable thrown) {
        if (thrown != null || result == null) {
            fail(span, thrown);
        } else {
            finish(span, result);
        }
    }

    /** Starts the backend span of a call of {@code method} to {@code url} under the current context. */
    protected final Span startCall(String method, String url) {
        return BackendSpans.start(tracer, method, url);
    }

    /** As {@link #startCall}, under {@code context}, the caller's, captured on another thread. */
    protected final Span startCallUnder(Span context, String method, String url) {
        return BackendSpans.startUnder(tracer, context, method, url);
    }

    /** Ends the span with {@code response}'s status and length. */
    protected final void finish(Span span, Object response) {
        BackendSpans.finish(tracer, span, status(response), contentLength(response));
    }

    /** Ends the span of a call that got no response, {@code thrown} its cause (may be null). */
    protected final void fail(Span span, Throwable thrown) {
        BackendSpans.fail(tracer, span, thrown);
    }

    /** A {@code Content-Length} header's value as a number: -1 when absent or not one (servers' responses too). */
    public static long contentLength(String header) {
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
