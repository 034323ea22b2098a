package io.telemetryagent.instrument.jdkhttp;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.instrument.BackendGuard;
import io.telemetryagent.instrument.BackendSpans;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.TraceHeader;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * Adds {@code X-Amzn-Trace-Id} to the client's copy of a request, when a call is in progress on
 * this thread and the app did not set the header itself. {@code enter} returns the copy's new
 * user headers, or null to keep them.
 */
public final class JdkRequestHeaders extends AgentHook {

    private static final BiPredicate<String, String> ALL = (name, value) -> true;

    public JdkRequestHeaders() {
        super("java.net.http.HttpClient");
    }

    @Override
    protected Object onEnter(Object unused, Object userHeaders, Object unused2) {
        Span span = BackendGuard.active();
        if (span == null || span.traced()) {
            return null;
        }
        HttpHeaders headers = (HttpHeaders) userHeaders;
        if (headers == null || headers.firstValue(TraceHeader.NAME).isPresent()) {
            return null;
        }
        Map<String, List<String>> withTrace = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        withTrace.putAll(headers.map());
        withTrace.put(TraceHeader.NAME, List.of(BackendSpans.header(span)));
        HttpHeaders result = HttpHeaders.of(withTrace, ALL);
        span.traced(true);
        return result;
    }

    @Override
    protected void onExit(Object token, Object self, Object result, Throwable thrown) {
    }
}
