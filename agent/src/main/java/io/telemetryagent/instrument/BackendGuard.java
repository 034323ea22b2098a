package io.telemetryagent.instrument;

import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;

/**
 * The outbound call in progress on this thread, shared by the client instrumentations: its span
 * is what the code writing the request's headers, deeper in the same client and on the same
 * thread, puts in {@code X-Amzn-Trace-Id}. It is also where a client built on another
 * instrumented client would see that the call is already recorded (none of today's pairs nests:
 * RestTemplate, for one, adds no span of its own, and its clients do not sit on one another).
 */
public final class BackendGuard {

    private BackendGuard() {}

    /** The backend span of the call in progress on this thread, or null. */
    public static Span active() {
        return Tracer.perThread().backendCall;
    }

    /** Marks {@code span}'s call as in progress on this thread; returns what was, for {@link #exit}. */
    public static Span enter(Span span) {
        Tracer.PerThread perThread = Tracer.perThread();
        Span previous = perThread.backendCall;
        perThread.backendCall = span;
        return previous;
    }

    /** Ends the mark of {@link #enter}, restoring what it returned. */
    public static void exit(Span previous) {
        Tracer.perThread().backendCall = previous;
    }
}
