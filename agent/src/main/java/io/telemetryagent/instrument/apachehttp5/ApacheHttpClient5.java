package io.telemetryagent.instrument.apachehttp5;

import io.telemetryagent.instrument.BackendSpans;
import io.telemetryagent.instrument.LibraryMethod;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.TraceHeader;
import io.telemetryagent.trace.Tracer;

/** What the classic and async 5.x instrumentations share: reading requests and responses, the header. */
final class ApacheHttpClient5 {

    private static final LibraryMethod METHOD = new LibraryMethod("getMethod");
    private static final LibraryMethod SCHEME = new LibraryMethod("getScheme");
    private static final LibraryMethod AUTHORITY = new LibraryMethod("getAuthority");
    private static final LibraryMethod PATH = new LibraryMethod("getPath");
    private static final LibraryMethod TO_URI = new LibraryMethod("toURI");
    private static final LibraryMethod CODE = new LibraryMethod("getCode");
    private static final LibraryMethod FIRST_HEADER = new LibraryMethod("getFirstHeader", String.class);
    private static final LibraryMethod VALUE = new LibraryMethod("getValue");
    private static final LibraryMethod CONTAINS_HEADER = new LibraryMethod("containsHeader", String.class);
    private static final LibraryMethod SET_HEADER = new LibraryMethod("setHeader", String.class, Object.class);
    private static final LibraryMethod REMOVE_HEADERS = new LibraryMethod("removeHeaders", String.class);

    private ApacheHttpClient5() {}

    /** Starts the span of a call of {@code request} (an HttpRequest), to {@code target} (an HttpHost) when it has no authority. */
    static Span start(Tracer tracer, Object target, Object request) {
        Object authority = AUTHORITY.invoke(request);
        String path = (String) PATH.invoke(request);
        String url;
        if (authority != null) {
            Object scheme = SCHEME.invoke(request);
            url = (scheme != null ? scheme : "http") + "://" + authority + (path != null ? path : "/");
        } else {
            url = (target != null ? String.valueOf(TO_URI.invoke(target)) : "") + (path != null ? path : "/");
        }
        return BackendSpans.start(tracer, (String) METHOD.invoke(request), url);
    }

    /** Ends the span with an HttpResponse's status and {@code Content-Length}. */
    static void finish(Tracer tracer, Span span, Object response) {
        Object status = CODE.invoke(response);
        Object length = VALUE.invoke(FIRST_HEADER.invoke(response, "Content-Length"));
        long contentLength = -1;
        if (length instanceof String) {
            try {
                contentLength = Long.parseLong(((String) length).trim());
            } catch (NumberFormatException e) {
                // not a number: unknown
            }
        }
        BackendSpans.finish(tracer, span, status instanceof Integer ? (Integer) status : 0, contentLength);
    }

    /** Sets the span's header on a request that has none; true when it did. */
    static boolean inject(Span span, Object request) {
        if (span == null || request == null || Boolean.TRUE.equals(CONTAINS_HEADER.invoke(request, TraceHeader.NAME))) {
            return false;
        }
        SET_HEADER.invoke(request, TraceHeader.NAME, BackendSpans.header(span));
        span.traced(true);
        return true;
    }

    /** Removes the header {@link #inject} set. */
    static void remove(Object request) {
        REMOVE_HEADERS.invoke(request, TraceHeader.NAME);
    }
}
