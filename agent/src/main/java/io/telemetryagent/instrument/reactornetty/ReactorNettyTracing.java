package io.telemetryagent.instrument.reactornetty;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.instrument.BackendSpans;
import io.telemetryagent.instrument.LibraryMethod;
import io.telemetryagent.instrument.OutboundCall;
import io.telemetryagent.instrument.TraceHeaderHook;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.TraceHeader;
import io.telemetryagent.trace.Tracer;
import java.io.IOException;
import java.lang.reflect.Field;

/**
 * Backend spans for Reactor Netty's HTTP client (1.1 and 1.2), and so for Spring's
 * {@code WebClient} on it. A call is assembled on the app's thread and runs on an event loop; every
 * step below is keyed by objects the library itself hands from one step to the next, never by a
 * thread, so no event-loop thread holds a trace context beyond the work of one call:
 * <ul>
 * <li>{@link Step#SUBSCRIBE}: the call's handler is made where the call is subscribed ({@code
 * block()}, {@code subscribe()}, an executor's task): the context current there is noted
 * (WebSockets are not traced).</li>
 * <li>{@link Step#STATE}: an attempt starts (its observer is made, with the sink of its connect
 * publisher: the first one starts the span, under the noted context, on the same thread), its
 * connection is configured (its operations become the call's attempt), or its final response
 * arrives (the span ends with its status, before the app sees it).</li>
 * <li>{@link RequestHeaders}: an attempt's headers are about to be written, the app's own
 * included: {@code X-Amzn-Trace-Id} is added unless the app set one.</li>
 * <li>{@link Step#RETRY}: the call's retry filter saw an error: a redirect or a retry on a stale
 * connection starts another attempt of the same call (same span, same header); any other error
 * ends the call, as its cause.</li>
 * <li>{@link Step#CANCEL}: the app cancelled the call (a timeout operator, say) before its
 * response: the span ends there, before the app hears of it, with neither status nor cause.</li>
 * <li>{@link Step#INBOUND}: the response is delivered to the app on the event loop in the context
 * the call was subscribed in, so a call the app chains on it ({@code flatMap}) joins the same
 * trace; the event loop's own context comes back after each message.</li>
 * </ul>
 */
public final class ReactorNettyTracing extends AgentHook {

    /** Which instrumented step a hook serves. */
    public enum Step { SUBSCRIBE, STATE, RETRY, CANCEL, INBOUND }

    // ConnectionObserver states, by their names (the library's own constants print so).
    private static final String CONFIGURED = "[configured]";
    private static final String STREAM_CONFIGURED = "[stream_configured]";
    private static final String RESPONSE_RECEIVED = "[response_received]";
    private static final String RESPONSE_COMPLETED = "[response_completed]";
    private static final String DISCONNECTING = "[disconnecting]";
    private static final String RELEASED = "[released]";

    private static final LibraryMethod STATUS = new LibraryMethod("status");
    private static final LibraryMethod CODE = new LibraryMethod("code");
    private static final LibraryMethod RESPONSE_HEADERS = new LibraryMethod("responseHeaders");
    private static final LibraryMethod GET_HEADER = new LibraryMethod("get", String.class);
    private static final LibraryMethod CONTAINS_HEADER = new LibraryMethod("contains", String.class);
    private static final LibraryMethod SET_HEADER = new LibraryMethod("set", String.class, Object.class);

    /** Token for "nothing was current before" ({@link Step#INBOUND}). */
    private static final Object NO_PREVIOUS = new Object();

    static final CallTable CALLS = new CallTable();

    private final Tracer tracer;
    private final Step step;

    public ReactorNettyTracing(Tracer tracer, Step step) {
        super("Reactor Netty HTTP client");
        this.tracer = tracer;
        this.step = step;
    }

    @Override
    protected Object onEnter(Object self, Object arg0, Object arg1) {
        switch (step) {
            case SUBSCRIBE:
                subscribed(self, arg0, (String) arg1);
                return null;
            case STATE:
                stateChanged(self, arg0, arg1);
                return null;
            case RETRY:
                // self: the filter's answer (Boolean); arg0: the handler; arg1: the error.
                retryFilterSaw(arg0, (Throwable) arg1, Boolean.TRUE.equals(self));
                return null;
            case CANCEL:
                cancelled(self);
                return null;
            default:
                return deliveringResponse(self);
        }
    }

    /**
     * {@code handler}: the call's, just made; {@code method}: Netty's HttpMethod; {@code url}: the
     * absolute URL. A WebSocket (the handler has a WebSocket spec) is not traced.
     */
    private void subscribed(Object handler, Object method, String url) {
        if (url != null && tracer.backendEnabled() && !isWebSocket(handler)) {
            CALLS.put(handler, new ReactorNettyCall(Tracer.current(), method != null ? method.toString() : "GET", url));
        }
    }

    /** The handler's class and its {@code websocketClientSpec} field, found once. */
    private volatile Object[] webSocketField;

    private boolean isWebSocket(Object handler) {
        try {
            Object[] known = webSocketField;
            if (known == null || known[0] != handler.getClass()) {
                Field field = handler.getClass().getDeclaredField("websocketClientSpec");
                field.setAccessible(true);
                known = new Object[] {handler.getClass(), field};
                webSocketField = known;
            }
            return ((Field) known[1]).get(handler) != null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /**
     * {@code connection}: the connection the state is about, or the attempt's sink when {@code state}
     * is null (its observer was just made); {@code state}: a ConnectionObserver.State.
     */
    private void stateChanged(Object handler, Object connection, Object state) {
        ReactorNettyCall call = CALLS.get(handler);
        if (call == null || call.ended()) {
            if (state != null && !CALLS.isEmpty()) {
                forgetFinished(connection, state);
            }
            return;
        }
        if (state == null) {
            attemptBegins(handler, call, connection);
            return;
        }
        String name = String.valueOf(state);
        if (CONFIGURED.equals(name) || STREAM_CONFIGURED.equals(name)) {
            replace(call.attempt(connection), connection, call);
        } else if (RESPONSE_RECEIVED.equals(name) && call.end()) {
            // The attempt stays known until its response is delivered (INBOUND).
            CALLS.remove(handler);
            CALLS.remove(call.sink(null));
            finish(call.span(), connection);
        }
    }

    /** {@code sink}: the sink of the attempt's connect publisher. */
    private void attemptBegins(Object handler, ReactorNettyCall call, Object sink) {
        if (call.span() == null) {
            if (ReactorSinks.isCancelled(sink)) {
                CALLS.remove(handler); // cancelled before it began: nothing goes out
                return;
            }
            Span span = BackendSpans.startUnder(tracer, call.context, call.method, call.url);
            if (span == null) {
                CALLS.remove(handler);
                return;
            }
            call.span(span);
        }
        replace(call.sink(sink), sink, call);
        // Cancelled while it was being set up: the cancel could not find it yet.
        if (ReactorSinks.isCancelled(sink)) {
            cancelled(sink);
        }
    }

    /** Keys {@code call} by {@code current} instead of {@code previous}. */
    private static void replace(Object previous, Object current, ReactorNettyCall call) {
        if (previous != null && previous != current) {
            CALLS.remove(previous);
        }
        CALLS.put(current, call);
    }

    /**
     * {@code sink}: a MonoSink being cancelled, a call's or any other. (The call's handler, not known
     * here, stays in the table, ended, until the collector takes it.)
     */
    private void cancelled(Object sink) {
        ReactorNettyCall call = CALLS.get(sink);
        if (call != null && call.end()) {
            forgetAttempt(call);
            tracer.end(call.span(), false, null);
        }
    }

    /** Forgets the keys of an ended call's attempt. */
    private static void forgetAttempt(ReactorNettyCall call) {
        CALLS.remove(call.sink(null));
        CALLS.remove(call.attempt(null));
    }

    /** An ended call's attempt stays known while its response is delivered; forgotten once done. */
    private static void forgetFinished(Object operations, Object state) {
        String name = String.valueOf(state);
        if (RESPONSE_COMPLETED.equals(name) || DISCONNECTING.equals(name) || RELEASED.equals(name)) {
            CALLS.remove(operations);
        }
    }

    private void finish(Span span, Object operations) {
        Object status = CODE.invoke(STATUS.invoke(operations));
        Object length = GET_HEADER.invoke(RESPONSE_HEADERS.invoke(operations), "Content-Length");
        BackendSpans.finish(tracer, span, status instanceof Integer ? (Integer) status : 0,
                length instanceof String ? OutboundCall.contentLength((String) length) : -1);
    }

    private void retryFilterSaw(Object handler, Throwable error, boolean retried) {
        ReactorNettyCall call = CALLS.get(handler);
        if (call == null || call.ended()) {
            return;
        }
        if (retried) {
            CALLS.remove(call.attempt(null));
            return;
        }
        if (call.end()) {
            CALLS.remove(handler);
            forgetAttempt(call);
            if (call.span() != null) { // else it failed before any attempt (a configuration error): nothing went out
                fail(call.span(), error);
            }
        }
    }

    private void fail(Span span, Throwable error) {
        if (span.sampled() && error != null) {
            Throwable cause = withStack(error);
            span.cause(cause, isRemote(error) || isRemote(cause));
        }
        tracer.end(span, false, null);
    }

    /**
     * The error to record: itself, or when it carries no stack trace (Netty's annotated connect
     * exceptions do not), the first of its causes that does; itself when none does (Netty's shared
     * time-out exceptions).
     */
    static Throwable withStack(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < 8; depth++) {
            if (t.getStackTrace().length > 0) {
                return t;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return error;
    }

    /** From the network: I/O, or thrown by Netty or Reactor Netty (a read time-out, a premature close). */
    static boolean isRemote(Throwable error) {
        if (error instanceof IOException) {
            return true;
        }
        String type = error.getClass().getName();
        return type.startsWith("io.netty.") || type.startsWith("reactor.netty.");
    }

    /** Returns the token for {@link #onExit}: what was current before, or null when nothing changed. */
    private static Object deliveringResponse(Object operations) {
        ReactorNettyCall call = CALLS.get(operations);
        if (call == null) {
            return null;
        }
        Span previous = Tracer.current();
        if (previous == call.context) {
            return null;
        }
        Tracer.makeCurrent(call.context);
        return previous != null ? previous : NO_PREVIOUS;
    }

    @Override
    protected void onExit(Object token, Object self, Object result, Throwable thrown) {
        Tracer.makeCurrent(token == NO_PREVIOUS ? null : (Span) token);
    }

    /**
     * Sets the header on the request headers of an attempt about to be written ({@code self}: the
     * attempt's HttpClientOperations, {@code arg0}: Netty's HttpHeaders).
     */
    public static final class RequestHeaders extends TraceHeaderHook {

        public RequestHeaders() {
            super("Reactor Netty HTTP client");
        }

        @Override
        protected Span call(Object operations, Object unused) {
            ReactorNettyCall call = CALLS.get(operations);
            return call == null || call.ended() ? null : call.span();
        }

        @Override
        protected boolean hasTraceHeader(Object headers) {
            return Boolean.TRUE.equals(CONTAINS_HEADER.invoke(headers, TraceHeader.NAME));
        }

        @Override
        protected Object withTraceHeader(Object headers, String header) {
            SET_HEADER.invoke(headers, TraceHeader.NAME, header);
            return headers; // set in place: the woven call drops the answer
        }
    }
}
