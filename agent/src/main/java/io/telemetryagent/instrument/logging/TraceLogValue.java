package io.telemetryagent.instrument.logging;

import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;

/**
 * What a log line made while a request is current carries under {@link #KEY}: the value the
 * X-Ray SDK's log injection writes ({@code SLF4JSegmentListener}, {@code Log4JSegmentListener}
 * with an empty prefix): {@code 1-5759e988-bd862e3fe1be46a994272793@53995c3f42cd8ad8}, the trace
 * id, {@code @}, and the id of the segment or subsegment current where the line is logged. For
 * an unsampled request, which has no segment, it is the trace id alone (the SDK writes nothing).
 */
final class TraceLogValue {

    /** The key of the X-Ray SDK's log injection, in the logging context (MDC, ThreadContext). */
    static final String KEY = "AWS-XRAY-TRACE-ID";

    /**
     * This thread's last value and the trace and span ids it was made of (the span's own strings,
     * compared by identity): a request logs many lines under one span. Not the span itself, which
     * would keep a finished request's spans alive on an idle thread.
     */
    private static final class LastValue {
        String traceId;
        String id;
        String value;
    }

    private static final ThreadLocal<LastValue> LAST = ThreadLocal.withInitial(LastValue::new);

    private TraceLogValue() {}

    /** The value for a log line made now on this thread, or null outside any request. */
    static String current() {
        Span span = Tracer.current();
        if (span == null) {
            return null;
        }
        String traceId = span.traceId();
        String id = span.id();
        LastValue last = LAST.get();
        if (last.traceId != traceId || last.id != id || last.value == null) {
            last.value = id == null ? traceId : traceId + '@' + id;
            last.traceId = traceId;
            last.id = id;
        }
        return last.value;
    }
}
