package io.telemetryagent.instrument;

import io.telemetryagent.trace.Span;

/**
 * The outbound call in progress on this thread, shared by the client instrumentations: the span
 * that the code writing the request's headers (deeper in the same client, on the same thread)
 * injects into the request, and the mark that tells an outer call of a client from the inner calls
 * it makes to itself or to another instrumented client beneath it, which are not new calls.
 */
public final class BackendGuard {

    private static final ThreadLocal<Span> ACTIVE = new ThreadLocal<>();

    private BackendGuard() {}

    /** The backend span of the call in progress on this thread, or null. */
    public static Span active() {
        return ACTIVE.get();
    }

    /** Marks {@code span}'s call as in progress on this thread; returns what was, for {@link #exit}. */
    public static Span enter(Span span) {
        Span previous = ACTIVE.get();
        ACTIVE.set(span);
        return previous;
    }

    /** Ends the mark of {@link #enter}, restoring what it returned. */
    public static void exit(Span previous) {
        if (previous == null) {
            ACTIVE.remove();
        } else {
            ACTIVE.set(previous);
        }
    }
}
