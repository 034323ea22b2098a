package io.telemetryagent.instrument.jdkhttp;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.instrument.BackendGuard;
import io.telemetryagent.instrument.OutboundCall;
import io.telemetryagent.instrument.TraceHeaderHook;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.TraceHeader;
import io.telemetryagent.trace.Tracer;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

/**
 * Backend spans for {@code java.net.http.HttpClient}. The span is the backend call in progress on
 * the calling thread ({@link BackendGuard}) while the client copies the request, so that
 * {@link RequestHeaders} puts its header on the copy. {@code send} ends its span on return;
 * {@code sendAsync} when the future it returned completes: a stage of our own is attached to that
 * future, and the app gets the very future the client made (which it may cancel).
 */
public final class JdkHttpClientTracing extends OutboundCall {

    /** Set by send for the inner sendAsync it calls next, which is the same call. */
    private static final ThreadLocal<Boolean> SENDING = new ThreadLocal<>();

    /** true: the hook of sendAsync; false: of send. */
    private final boolean async;

    public JdkHttpClientTracing(Tracer tracer, boolean async) {
        super("java.net.http.HttpClient", tracer);
        this.async = async;
    }

    @Override
    protected Span start(Object client, Object requestObject, Object unused) {
        if (async && SENDING.get() != null) {
            SENDING.set(null);
            return null;
        }
        HttpRequest request = (HttpRequest) requestObject;
        if (request == null || request.uri() == null) {
            return null; // the client rejects it
        }
        Span span = startCall(request.method(), request.uri().toString());
        if (span != null && !async) {
            SENDING.set(Boolean.TRUE);
        }
        return span;
    }

    @Override
    protected void onExit(Object token, Object client, Object result, Throwable thrown) {
        if (!async) {
            SENDING.set(null);
        }
        super.onExit(token, client, result, thrown);
    }

    @Override
    protected void end(Span span, Object result, Throwable thrown) {
        if (thrown != null) {
            fail(span, thrown);
        } else if (!async) {
            settle(span, result, null);
        } else if (result instanceof CompletableFuture) {
            ((CompletableFuture<?>) result).whenComplete(new Completion(this, span));
        } else {
            tracer.end(span, false, null);
        }
    }

    /** Ends the span with the call's response, or as failed with what its future held. */
    private void settle(Span span, Object response, Throwable thrown) {
        if (response instanceof HttpResponse) {
            finish(span, response);
        } else {
            fail(span, unwrap(thrown));
        }
    }

    @Override
    protected int status(Object response) {
        return ((HttpResponse<?>) response).statusCode();
    }

    @Override
    protected long contentLength(Object response) {
        return ((HttpResponse<?>) response).headers().firstValueAsLong("content-length").orElse(-1);
    }

    private static Throwable unwrap(Throwable thrown) {
        while ((thrown instanceof CompletionException || thrown instanceof ExecutionException)
                && thrown.getCause() != null) {
            thrown = thrown.getCause();
        }
        return thrown;
    }

    /** Ends an async call's span when its future completes, on the thread that completes it. */
    static final class Completion implements BiConsumer<Object, Throwable> {
        private final JdkHttpClientTracing hook;
        private final Span span;

        Completion(JdkHttpClientTracing hook, Span span) {
            this.hook = hook;
            this.span = span;
        }

        @Override
        public void accept(Object response, Throwable thrown) {
            try {
                hook.settle(span, response, thrown);
            } catch (Throwable t) {
                AgentHook.failed("java.net.http.HttpClient", t);
            }
        }
    }

    /**
     * Adds the header to the client's copy of a request, unless the call's header went on already
     * or the app set its own: {@code enter} answers the copy's new user headers, or null to keep them.
     */
    public static final class RequestHeaders extends TraceHeaderHook {

        private static final BiPredicate<String, String> ALL = (name, value) -> true;

        public RequestHeaders() {
            super("java.net.http.HttpClient");
        }

        @Override
        protected Span call(Object self, Object arg1) {
            Span span = BackendGuard.active();
            return span == null || span.traced() ? null : span;
        }

        @Override
        protected boolean hasTraceHeader(Object userHeaders) {
            return ((HttpHeaders) userHeaders).firstValue(TraceHeader.NAME).isPresent();
        }

        @Override
        protected Object withTraceHeader(Object userHeaders, String header) {
            Map<String, List<String>> withTrace = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            withTrace.putAll(((HttpHeaders) userHeaders).map());
            withTrace.put(TraceHeader.NAME, List.of(header));
            return HttpHeaders.of(withTrace, ALL);
        }
    }
}
