package io.telemetryagent.instrument.apachehttp5;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.instrument.BackendSpans;
import io.telemetryagent.instrument.LibraryField;
import io.telemetryagent.instrument.LibraryMethod;
import io.telemetryagent.instrument.TraceHeaderHook;
import io.telemetryagent.instrument.WeakIdentityTable;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;

/**
 * Backend spans for Apache HttpClient 5.x's async clients. The call is set up on the caller's
 * thread ({@code doExecute} notes the current context, the chain's scope starts the span under it)
 * and then runs on I/O threads; it is followed there by its future, the one key every step sees:
 * the request sent on each attempt gets the header, and the future's completion ends the span,
 * with the status of the final response from the call's context.
 */
public final class AsyncTracing extends AgentHook {

    /** Which instrumented step a hook serves ({@link RequestHeaders} puts each attempt's header). */
    public enum Step { EXECUTE, SCOPE, END }

    private static final LibraryField ORIGINAL_REQUEST = new LibraryField("originalRequest");
    private static final LibraryField FUTURE = new LibraryField("cancellableDependency");
    private static final LibraryField CLIENT_CONTEXT = new LibraryField("clientContext");
    private static final LibraryField ROUTE = new LibraryField("route");
    private static final LibraryMethod TARGET_HOST = new LibraryMethod("getTargetHost");
    private static final LibraryMethod RESPONSE = new LibraryMethod("getResponse");

    /** The context of the doExecute running on this thread, until its scope takes it. */
    private static final ThreadLocal<Pending> PENDING = new ThreadLocal<>();
    /** Calls under way, by future; weak, so a future the app dropped unfinished leaves nothing behind. */
    private static final WeakIdentityTable<AsyncCall> CALLS = new WeakIdentityTable<>(65_536);

    private final Tracer tracer;
    private final Step step;

    public AsyncTracing(Tracer tracer, Step step) {
        super("Apache HttpClient 5 async");
        this.tracer = tracer;
        this.step = step;
    }

    static final class Pending {
        final Span context;
        final Pending previous;
        boolean taken;

        Pending(Span context, Pending previous) {
            this.context = context;
            this.previous = previous;
        }
    }

    static final class AsyncCall {
        final Span span;
        final Object clientContext;

        AsyncCall(Span span, Object clientContext) {
            this.span = span;
            this.clientContext = clientContext;
        }
    }

    @Override
    protected Object onEnter(Object self, Object arg0, Object arg1) {
        switch (step) {
            case EXECUTE:
                Pending pending = new Pending(Tracer.current(), PENDING.get());
                PENDING.set(pending);
                return pending;
            case SCOPE:
                startCall(self);
                return null;
            default:
                endCall(self, (Throwable) arg0, arg1 != null);
                return null;
        }
    }

    private void startCall(Object scope) {
        Pending pending = PENDING.get();
        if (pending == null || pending.taken) {
            return; // a redirect's scope, or one made outside doExecute
        }
        pending.taken = true;
        Object future = FUTURE.get(scope);
        if (future == null) {
            return;
        }
        Object target = TARGET_HOST.invoke(ROUTE.get(scope));
        Object request = ORIGINAL_REQUEST.get(scope);
        Span span = BackendSpans.startUnder(tracer, pending.context, ApacheHttpClient5.method(request),
                ApacheHttpClient5.url(target, request));
        if (span != null && !CALLS.put(future, new AsyncCall(span, CLIENT_CONTEXT.get(scope)))) {
            tracer.end(span, false, null); // beyond the bound: this call goes untracked
        }
    }

    private void endCall(Object future, Throwable failure, boolean cancelled) {
        AsyncCall call = CALLS.remove(future);
        if (call == null) {
            return;
        }
        Object response = failure == null && !cancelled ? RESPONSE.invoke(call.clientContext) : null;
        if (response != null) {
            BackendSpans.finish(tracer, call.span, ApacheHttpClient5.status(response),
                    ApacheHttpClient5.contentLength(response));
        } else {
            BackendSpans.fail(tracer, call.span, failure);
        }
    }

    @Override
    protected void onExit(Object token, Object self, Object result, Throwable thrown) {
        Pending pending = (Pending) token;
        if (pending.previous == null) {
            PENDING.set(null);
        } else {
            PENDING.set(pending.previous);
        }
    }

    /** Sets the header on the request each attempt of a call sends, found by the scope's future. */
    public static final class RequestHeaders extends TraceHeaderHook {

        public RequestHeaders() {
            super("Apache HttpClient 5 async");
        }

        /** {@code scope}: the attempt's AsyncExecChain.Scope. */
        @Override
        protected Span call(Object self, Object scope) {
            AsyncCall call = CALLS.get(FUTURE.get(scope));
            return call == null ? null : call.span;
        }

        @Override
        protected boolean hasTraceHeader(Object request) {
            return ApacheHttpClient5.hasTraceHeader(request);
        }

        @Override
        protected Object withTraceHeader(Object request, String header) {
            ApacheHttpClient5.setTraceHeader(request, header);
            return request; // set in place: the woven call drops the answer
        }
    }
}
