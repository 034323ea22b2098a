package io.telemetryagent.instrument.apachehttp5;

import io.telemetryagent.instrument.LibraryMethod;
import io.telemetryagent.instrument.OutboundCall;
import io.telemetryagent.trace.TraceHeader;

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

    /** The method of {@code request} (an HttpRequest). */
    static String method(Object request) {
        return (String) METHOD.invoke(request);
    }

    /** The URL of {@code request} (an HttpRequest), to {@code target} (an HttpHost) when it has no authority. */
    static String url(Object target, Object request) {
        Object authority = AUTHORITY.invoke(request);
        String path = (String) PATH.invoke(request);
        if (authority != null) {
            Object scheme = SCHEME.invoke(request);
            return (scheme != null ? scheme : "http") + "://" + authority + (path != null ? path : "/");
        }
        return (target != null ? String.valueOf(TO_URI.invoke(target)) : "") + (path != null ? path : "/");
    }

    /** An HttpResponse's status; 0 when unknown. */
    static int status(Object response) {
        Object status = CODE.invoke(response);
        return status instanceof Integer ? (Integer) status : 0;
    }

    /** An HttpResponse's {@code Content-Length}; -1 when unknown. */
    static long contentLength(Object response) {
        Object length = VALUE.invoke(FIRST_HEADER.invoke(response, "Content-Length"));
        return length instanceof String ? OutboundCall.contentLength((String) length) : -1;
    }

    static boolean hasTraceHeader(Object request) {
        return Boolean.TRUE.equals(CONTAINS_HEADER.invoke(request, TraceHeader.NAME));
    }

    static void setTraceHeader(Object request, String header) {
        SET_HEADER.invoke(request, TraceHeader.NAME, header);
    }

    /** Removes the header {@link #setTraceHeader} set. */
    static void removeTraceHeader(Object request) {
        REMOVE_HEADERS.invoke(request, TraceHeader.NAME);
    }
}
