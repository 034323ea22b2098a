package io.telemetryagent.export;

/** Why a segment never reached X-Ray: every segment made is either sent or counted under one of these. */
public enum LossReason {
    /** The hand-off queue was full: the exporter was behind or X-Ray slow or away. */
    QUEUE_FULL("queue full"),
    /** No credentials could be found or they failed to load. */
    NO_CREDENTIALS("no credentials"),
    /** X-Ray kept throttling until the call's retries or time ran out. */
    THROTTLED("throttled"),
    /** Network errors, time-outs or 5xx answers until the call's retries or time ran out. */
    FAILED("retries exhausted"),
    /** A final answer: a 4xx other than throttling, or an answer that is not X-Ray's. */
    REJECTED("rejected by X-Ray"),
    /** Listed in {@code UnprocessedTraceSegments} of a successful answer. */
    UNPROCESSED("unprocessed by X-Ray"),
    /** Daemon mode: the datagram could not be sent, or nothing listened at the daemon's address. */
    DAEMON_UNREACHABLE("daemon unreachable"),
    /** The segment could not be written as a document. */
    UNWRITABLE("unwritable"),
    /** Still queued or in flight when the JVM exited, or made after shutdown began. */
    SHUTDOWN("shutdown");

    /** Words for the log line. */
    public final String words;

    LossReason(String words) {
        this.words = words;
    }
}
