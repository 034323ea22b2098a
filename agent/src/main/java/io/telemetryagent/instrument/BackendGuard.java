package io.telemetryagent.instrument;

import io.telemetryagent.trace.Span;

/**
 * The outbound call in progress on this thread, shared by the client instrumentations: its span
 * is what the code writing the request's headers, deeper in the same client and on the same
 * thread, puts in {@code X-Amzn-Trace-Id}. It is also where a client built on another
 * instrumented client would see that the call is already recorded (none of today's pairs nests:
 * RestTemplate, for one, adds no span of its own, and its clients do not sit on one another).
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
            ACTIVE.set(null);
        } else {
            ACTIVE.set(previous);
        }
    }
}
