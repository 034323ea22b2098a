package io.telemetryagent.instrument.reactornetty;

import io.telemetryagent.trace.Span;

/**
 * One logical call of Reactor Netty's HTTP client: one subscription to its connect publisher,
 * however many attempts it takes (a retry on a stale pooled connection, redirects it follows).
 * Started on the subscribing thread, then touched by event-loop threads one attempt at a time.
 */
final class ReactorNettyCall {

    /** The call's backend span. */
    final Span span;
    /** The context current where the call was subscribed: its response is delivered in it. */
    final Span context;
    /** The connection operations of the attempt in progress, or null between attempts. */
    private volatile Object attempt;
    private volatile boolean ended;

    ReactorNettyCall(Span span, Span context) {
        this.span = span;
        this.context = context;
    }

    Object attempt() {
        return attempt;
    }

    /** Makes {@code operations} the attempt in progress; returns the previous one, or null. */
    Object attempt(Object operations) {
        Object previous = attempt;
        attempt = operations;
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
