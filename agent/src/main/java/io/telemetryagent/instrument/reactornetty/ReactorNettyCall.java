package io.telemetryagent.instrument.reactornetty;

import io.telemetryagent.trace.Span;
import java.lang.ref.WeakReference;

/**
 * One logical call of Reactor Netty's HTTP client: one subscription to its connect publisher,
 * however many attempts it takes (a retry on a stale pooled connection, redirects it follows).
 * Noted on the subscribing thread; its span starts with its first attempt (a call cancelled before
 * that never goes out, and records nothing); then touched by event-loop threads one attempt at a
 * time.
 *
 * <p>The call is the value of its keys in the {@link CallTable}; it refers to the keys of its
 * attempt only weakly, or an entry would keep its own key alive.
 */
final class ReactorNettyCall {

    private static final WeakReference<Object> NONE = new WeakReference<>(null);

    /** The context current where the call was subscribed: its span starts under it, its response is delivered in it. */
    final Span context;
    final String method;
    final String url;
    /** The call's backend span, from its first attempt on. */
    private volatile Span span;
    /** The connection operations of the attempt in progress. */
    private volatile WeakReference<Object> attempt = NONE;
    /** The sink of the attempt's connect publisher: cancelling it cancels the call. */
    private volatile WeakReference<Object> sink = NONE;
    private volatile boolean ended;

    ReactorNettyCall(Span context, String method, String url) {
        this.context = context;
        this.method = method;
        this.url = url;
    }

    /** Null until the first attempt. */
    Span span() {
        return span;
    }

    void span(Span started) {
        span = started;
    }

    /** Makes {@code operations} (null: none) the attempt in progress; returns the previous one, or null. */
    Object attempt(Object operations) {
        Object previous = attempt.get();
        attempt = operations == null ? NONE : new WeakReference<>(operations);
        return previous;
    }

    /** Makes {@code attemptSink} (null: none) the current attempt's sink; returns the previous one, or null. */
    Object sink(Object attemptSink) {
        Object previous = sink.get();
        sink = attemptSink == null ? NONE : new WeakReference<>(attemptSink);
        return previous;
    }

    boolean ended() {
        return ended;
    }

    /** Marks the call ended; true the first time only, so that one thread ends the span. */
    synchronized boolean end() {
        if (ended) {
            return false;
        }
        ended = true;
        return true;
    }
}
