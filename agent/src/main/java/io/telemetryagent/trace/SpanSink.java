package io.telemetryagent.trace;

/** Where finished, sampled segments go: one non-blocking call on the request thread. */
public interface SpanSink {

    /** Hands over a finished root span with its subsegments; never blocks, never throws. */
    void offer(Span root);
}
