package io.telemetryagent.instrument.urlconnection;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.instrument.BackendSpans;
import io.telemetryagent.instrument.WeakIdentityTable;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.TraceHeader;
import io.telemetryagent.trace.ThreadState;
import io.telemetryagent.trace.Tracer;
import io.telemetryagent.trace.Urls;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * Backend spans for {@code java.net.HttpURLConnection}. A call may span several methods
 * ({@code connect}, then {@code getOutputStream}, then {@code getInputStream}); the span starts
 * at the first, before any header is written, and ends when the response is read. The JDK's
 * methods call one another, so a per-thread depth makes only the outermost call count.
 */
public final class UrlConnectionTracing extends AgentHook {

    /** Tokens for a call that records nothing; every non-null token is followed by one exit. */
    private static final Object NESTED = new Object();
    private static final Object NOTHING = new Object();
    /** Open calls tracked at most; each entry is a weak key and a span. */
    private static final int MAX_OPEN = 65_536;

    /**
     * Sampled calls begun by connect or getOutputStream, waiting for the response to be read
     * (an unsampled call has nothing to record once its header is set). No global
     * lock: a synchronized map here was the most contended monitor of a Spring Boot host whose
     * RestTemplate connects then reads (1.1 s blocked per 15 s, in waits of 10 ms and more, as a
     * lock holder lost its core on a busy 2-core machine).
     */
    private static final WeakIdentityTable<Span> OPEN = new WeakIdentityTable<>(MAX_OPEN);

    /** How deep the instrumented methods are nested on a thread: only the outermost call records. */
    static final class Depth {
        int calls;
    }

    private static final ThreadState<Depth> DEPTH = new ThreadState<>() {
        @Override
        protected Depth initialValue() {
            return new Depth();
        }
    };

    private final Tracer tracer;
    /** false: connect/getOutputStream (the call starts); true: getInputStream/getResponseCode (it ends). */
    private final boolean readsResponse;

    public UrlConnectionTracing(Tracer tracer, boolean readsResponse) {
        super("HttpURLConnection");
        this.tracer = tracer;
        this.readsResponse = readsResponse;
    }

    /**
     * {@code connected}: Boolean, the connection's {@code connected} field; {@code responseCode}:
     * Integer, its response code, -1 before a response. Neither yet: a fresh call.
     */
    @Override
    protected Object onEnter(Object connectionObject, Object connected, Object responseCode) {
        boolean fresh = !(Boolean) connected && (Integer) responseCode == -1;
        Depth depth = DEPTH.current();
        if (depth.calls++ > 0) {
            return NESTED;
        }
        try {
            HttpURLConnection connection = (HttpURLConnection) connectionObject;
            Span span = OPEN.get(connection);
            if (span == null && fresh) {
                span = start(connection);
                if (span != null && !span.sampled()) {
                    // Its header is set, and it records nothing: it needs no entry, no exit.
                    tracer.end(span, false, null);
                    return NOTHING;
                }
                if (span != null && !readsResponse && !OPEN.put(connection, span)) {
                    // Beyond the bound (connections opened and never read): this one goes untracked.
                    tracer.end(span, false, null);
                    return NOTHING;
                }
            }
            return span != null ? span : NOTHING;
        } catch (RuntimeException e) {
            return NOTHING; // the exit still comes, and brings the depth back
        }
    }

    private Span start(HttpURLConnection connection) {
        Span span = tracer.startChild(Span.Kind.BACKEND, connection.getURL().getHost());
        if (span != null && connection.getRequestProperty(TraceHeader.NAME) == null) {
            try {
                connection.setRequestProperty(TraceHeader.NAME, BackendSpans.header(span));
                span.traced(true);
            } catch (IllegalStateException connecting) {
                // another thread is connecting it: record the call without a header
            }
        }
        return span;
    }

    @Override
    protected void onExit(Object token, Object connectionObject, Object result, Throwable thrown) {
        Depth depth = DEPTH.current();
        try {
            if (token == NESTED || token == NOTHING) {
                return;
            }
            Span span = (Span) token;
            if (thrown == null && !readsResponse) {
                return; // connected or sending: the response comes later
            }
            HttpURLConnection connection = (HttpURLConnection) connectionObject;
            OPEN.remove(connection);
            record(span, connection, thrown, readsResponse);
            tracer.end(span, false, null);
        } finally {
            if (depth.calls > 0) {
                depth.calls--;
            }
        }
    }

    private static void record(Span span, HttpURLConnection connection, Throwable thrown, boolean readsResponse) {
        URL url = connection.getURL();
        span.httpRequest(connection.getRequestMethod(),
                Urls.of(url.getProtocol(), url.getAuthority() == null ? url.getHost() : url.getAuthority(), url.getPath()));
        int status = -1;
        if (readsResponse) {
            try {
                // getInputStream has run: this returns the stored code or rethrows the stored
                // failure. After a failed connect() it would dial again, so it is not asked then.
                status = connection.getResponseCode();
            } catch (Exception e) {
                // no response at all
            }
        }
        if (status > 0) {
            span.status(status);
            span.contentLength(connection.getContentLengthLong());
        } else if (thrown != null) {
            span.cause(thrown, true);
        }
    }
}
