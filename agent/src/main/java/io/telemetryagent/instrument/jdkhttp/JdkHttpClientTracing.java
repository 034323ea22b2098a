package io.telemetryagent.instrument.jdkhttp;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.instrument.BackendGuard;
import io.telemetryagent.instrument.BackendSpans;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

/**
 * Backend spans for {@code java.net.http.HttpClient}. The span is the backend call in progress on
 * the calling thread ({@link BackendGuard}) while the client copies the request, so that
 * {@link JdkRequestHeaders} puts its header on the copy. {@code send} ends its span on return;
 * {@code sendAsync} when the future it returned completes: a stage of our own is attached to that
 * future, and the app gets the very future the client made (which it may cancel).
 */
public final class JdkHttpClientTracing extends AgentHook {

    /** Set by send for the inner sendAsync it calls next, which is the same call. */
    private static final ThreadLocal<Boolean> SENDING = new ThreadLocal<>();

    private final Tracer tracer;
    /** true: the hook of sendAsync; false: of send. */
    private final boolean async;

    public JdkHttpClientTracing(Tracer tracer, boolean async) {
        super("java.net.http.HttpClient");
        this.tracer = tracer;
        this.async = async;
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
    protected Object onEnter(Object client, Object requestObject, Object unused) {
        if (async && SENDING.get() != null) {
            SENDING.set(null);
            return null;
        }
        HttpRequest request = (HttpRequest) requestObject;
        if (request == null || request.uri() == null) {
            return null; // the client rejects it
        }
        Span span = BackendSpans.start(tracer, request.method(), request.uri().toString());
        if (span == null) {
            return null;
        }
        if (!async) {
            SENDING.set(Boolean.TRUE);
        }
        return new Call(span, BackendGuard.enter(span));
    }

    @Override
    protected void onExit(Object token, Object client, Object result, Throwable thrown) {
        Call call = (Call) token;
        BackendGuard.exit(call.previousGuard);
        if (!async) {
            SENDING.set(null);
        }
        if (thrown != null) {
            BackendSpans.fail(tracer, call.span, thrown);
        } else if (!async) {
            finish(tracer, call.span, result, null);
        } else if (result instanceof CompletableFuture) {
            ((CompletableFuture<?>) result).whenComplete(new Completion(tracer, call.span));
        } else {
            tracer.end(call.span, false, null);
        }
    }

    static void finish(Tracer tracer, Span span, Object result, Throwable thrown) {
        if (result instanceof HttpResponse) {
            HttpResponse<?> response = (HttpResponse<?>) result;
            BackendSpans.finish(tracer, span, response.statusCode(),
                    response.headers().firstValueAsLong("content-length").orElse(-1));
        } else {
            BackendSpans.fail(tracer, span, unwrap(thrown));
        }
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
        private final Tracer tracer;
        private final Span span;

        Completion(Tracer tracer, Span span) {
            this.tracer = tracer;
            this.span = span;
        }

        @Override
        public void accept(Object response, Throwable thrown) {
            try {
                finish(tracer, span, response, thrown);
            } catch (Throwable t) {
                AgentHook.failed("java.net.http.HttpClient", t);
            }
        }
    }
}
