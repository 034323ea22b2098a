package io.telemetryagent.instrument;

import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.TraceHeader;
import io.telemetryagent.trace.Tracer;
import io.telemetryagent.trace.Urls;
import java.io.IOException;

/**
 * What every outbound HTTP client records (SPEC §3–4): a backend span named after the remote host,
 * the {@code X-Amzn-Trace-Id} it sends, and how the call ended.
 */
public final class BackendSpans {

    private BackendSpans() {}

    /**
     * Starts the backend span of a call to {@code url} under the current context (or as a trace of
     * its own outside any). Null when the backend layer is off.
     */
    public static Span start(Tracer tracer, String method, String url) {
        // Under an unsampled trace the span records nothing, its name included: not spelled.
        Span current = Tracer.current();
        Span span = tracer.startChild(Span.Kind.BACKEND, current != null && !current.sampled() ? null : hostOf(url));
        if (span != null && span.sampled()) {
            span.httpRequest(method, Urls.strip(url));
        }
        return span;
    }

    /** Starts the span of a call whose context was captured on another thread ({@code parent} may be null). */
    public static Span startUnder(Tracer tracer, Span parent, String method, String url) {
        Span current = Tracer.current();
        if (current == parent) {
            return start(tracer, method, url);
        }
        Tracer.makeCurrent(parent);
        try {
            return start(tracer, method, url);
        } finally {
            Tracer.makeCurrent(current);
        }
    }

    /**
     * The header value this span's call carries downstream: {@code Root=..;Parent=<span>;Sampled=..}.
     * A span of an unsampled trace has no id of its own (it is never sent): its call names a new
     * random parent, as every call must carry one (SPEC §4).
     */
    public static String header(Span span) {
        String id = span.id();
        return id != null
                ? TraceHeader.format(span.traceId(), id, span.sampled(), span.lineage())
                : TraceHeader.formatNewParent(span.traceId(), span.sampled(), span.lineage());
    }

    /** Ends the span with the response's {@code status} (> 0) and {@code contentLength} (-1 when unknown). */
    public static void finish(Tracer tracer, Span span, int status, long contentLength) {
        if (span.sampled() && status > 0) {
            span.status(status);
            span.contentLength(contentLength);
        }
        tracer.end(span, false, null);
    }

    /** Ends the span of a call that got no response: {@code thrown} is its cause, remote when it is I/O. */
    public static void fail(Tracer tracer, Span span, Throwable thrown) {
        if (span.sampled() && thrown != null) {
            span.cause(thrown, thrown instanceof IOException);
        }
        tracer.end(span, false, null);
    }

    /** The host of an absolute URL ({@code scheme://user@host:port/path}), without brackets for IPv6. */
    public static String hostOf(String url) {
        if (url == null) {
            return "unknown";
        }
        int start = url.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int end = start;
        while (end < url.length()) {
            char c = url.charAt(end);
            if (c == '/' || c == '?' || c == '#') {
                break;
            }
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        if (at >= start) {
            start = at + 1;
        }
        if (start < end && url.charAt(start) == '[') {
            int close = url.indexOf(']', start);
            return close > start ? url.substring(start + 1, close) : url.substring(start, end);
        }
        int colon = url.indexOf(':', start);
        if (colon >= 0 && colon < end) {
            end = colon;
        }
        return start < end ? url.substring(start, end) : "unknown";
    }
}
