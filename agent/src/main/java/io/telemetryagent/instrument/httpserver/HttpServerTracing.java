package io.telemetryagent.instrument.httpserver;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.instrument.OutboundCall;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.TraceHeader;
import io.telemetryagent.trace.ThreadState;
import io.telemetryagent.trace.Tracer;
import io.telemetryagent.trace.Urls;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;

/**
 * Router and pipe spans for {@code com.sun.net.httpserver}. The server runs every exchange
 * through {@code Filter.Chain.doFilter}: the outermost call is the router (filters included);
 * the call that reaches the application's handler is the pipe. Hooking the chain rather than
 * handler classes is what traces lambda handlers, whose classes cannot be transformed.
 */
public final class HttpServerTracing extends AgentHook {

    private final Tracer tracer;

    public HttpServerTracing(Tracer tracer) {
        super("com.sun.net.httpserver");
        this.tracer = tracer;
    }

    /** What the hook keeps on each thread. */
    static final class OnThread {
        /** The exchange whose router span is open on this thread. */
        Object exchange;
        /** The last client address this thread spelled, and its text. */
        InetAddress clientAddress;
        String clientIp;
        /** The last pipe name this thread built ({@code "GET /path"}), and the method and context path it was built from. */
        String pipeMethod;
        String pipePath;
        String pipeName;
    }

    static final ThreadState<OnThread> ON_THREAD = new ThreadState<>() {
        @Override
        protected OnThread initialValue() {
            return new OnThread();
        }
    };

    /** What an enter started, for its exit to end. */
    static final class Scope {
        final Span router;
        final Span pipe;
        final Span previous;

        Scope(Span router, Span pipe, Span previous) {
            this.router = router;
            this.pipe = pipe;
            this.previous = previous;
        }
    }

    /**
     * Whether a handler class is the app's, not one of the server's own: asked on every call of
     * the chain, so answered once per class (the name test showed in the JDK host's profile).
     */
    private static final ClassValue<Boolean> APP_HANDLER = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return !type.getName().startsWith("sun.net.httpserver.");
        }
    };

    /**
     * {@code self}: the exchange; {@code filters}: the chain's iterator over the filters still to
     * run; {@code chainHandler}: the handler the chain ends in. With no filter left, this call
     * hands the exchange to that handler.
     */
    @Override
    protected Object onEnter(Object exchangeObject, Object filters, Object chainHandler) {
        HttpExchange exchange = (HttpExchange) exchangeObject;
        Object handler = ((ListIterator<?>) filters).hasNext() ? null : chainHandler;
        // The exchange whose router span is open on this thread tells nested chain calls apart.
        Tracer.PerThread perThread = Tracer.perThread();
        OnThread onThread = ON_THREAD.of(perThread);
        boolean outermost = onThread.exchange != exchange;
        boolean appHandler = handler != null && APP_HANDLER.get(handler.getClass());
        if (!outermost && !appHandler) {
            return null;
        }
        Span previous = perThread.current();
        Span router = null;
        if (outermost) {
            onThread.exchange = exchange;
            // A new request starts clean, whatever a pooled thread carried before.
            Tracer.makeCurrent(null);
            router = startRouter(exchange, onThread);
        }
        Span pipe = null;
        if (appHandler && tracer.pipeEnabled()) {
            Span current = perThread.current();
            if (current == null || current.sampled()) {
                pipe = tracer.startChild(Span.Kind.PIPE, pipeName(exchange, onThread));
            }
        }
        if (router == null && pipe == null) {
            // The handler's own call of an unsampled (or pipe-off) request: nothing to end here.
            return null;
        }
        if (pipe == null && previous == null) {
            // The common unsampled case: the router alone, on a thread that carried nothing;
            // the token is the router itself and nothing is allocated for it.
            return router;
        }
        return new Scope(router, pipe, previous);
    }

    /**
     * {@code "GET /path"}: the method and the context's path. A thread serves the same few over
     * and over, so the last one it built is kept, and a request like the last costs no new string.
     */
    static String pipeName(HttpExchange exchange, OnThread onThread) {
        String method = exchange.getRequestMethod();
        String path = exchange.getHttpContext().getPath();
        if (method.equals(onThread.pipeMethod) && path.equals(onThread.pipePath)) {
            return onThread.pipeName;
        }
        String name = method + " " + path;
        onThread.pipeMethod = method;
        onThread.pipePath = path;
        onThread.pipeName = name;
        return name;
    }

    private Span startRouter(HttpExchange exchange, OnThread onThread) {
        // The four headers the router reads, in one walk over the map: Headers.getFirst copies
        // its key to normalise it on every call (about 100 B per lookup on JDK 17 to 25), and
        // each walk of the request's unmodifiable view costs iterator and entry wrappers, so one
        // walk serves all four, whether the request turns out sampled or not.
        String traceHeader = null;
        String host = null;
        String forwarded = null;
        String userAgent = null;
        for (Map.Entry<String, List<String>> entry : exchange.getRequestHeaders().entrySet()) {
            String key = entry.getKey();
            if (key == null) {
                continue;
            }
            switch (key.length()) {
                case 4:
                    if (host == null && key.equalsIgnoreCase("Host")) {
                        host = firstValue(entry.getValue());
                    }
                    break;
                case 10:
                    if (userAgent == null && key.equalsIgnoreCase("User-Agent")) {
                        userAgent = firstValue(entry.getValue());
                    }
                    break;
                case 15:
                    if (traceHeader == null && key.equalsIgnoreCase(TraceHeader.NAME)) {
                        traceHeader = firstValue(entry.getValue());
                    } else if (forwarded == null && key.equalsIgnoreCase("X-Forwarded-For")) {
                        forwarded = firstValue(entry.getValue());
                    }
                    break;
                default:
                    break;
            }
        }
        TraceHeader upstream = TraceHeader.parse(traceHeader);
        Span router = tracer.startInbound(upstream);
        if (upstream != null && upstream.sampling() == TraceHeader.Sampling.REQUESTED) {
            exchange.getResponseHeaders().set(TraceHeader.NAME,
                    TraceHeader.format(router.traceId(), null, router.sampled(), null));
        }
        if (router.recorded() && router.sampled()) {
            if (host == null) {
                InetSocketAddress local = exchange.getLocalAddress();
                host = local.getHostString() + ":" + local.getPort();
            }
            String scheme = exchange instanceof HttpsExchange ? "https" : "http";
            router.httpRequest(exchange.getRequestMethod(), Urls.of(scheme, host, exchange.getRequestURI().getRawPath()));
            String clientIp;
            boolean fromForwarded = forwarded != null && !forwarded.isBlank();
            if (fromForwarded) {
                int comma = forwarded.indexOf(',');
                clientIp = (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim();
            } else {
                clientIp = clientIp(exchange.getRemoteAddress(), onThread);
            }
            router.client(clientIp, fromForwarded, userAgent);
        }
        return router;
    }

    @Override
    protected void onExit(Object token, Object exchangeObject, Object result, Throwable thrown) {
        HttpExchange exchange = (HttpExchange) exchangeObject;
        if (token instanceof Span) {
            endRouter((Span) token, exchange, thrown, null);
            return;
        }
        Scope scope = (Scope) token;
        if (scope.pipe != null) {
            if (thrown != null) {
                scope.pipe.cause(thrown, false);
            }
            tracer.end(scope.pipe, scope.router == null, scope.previous);
        }
        if (scope.router != null) {
            endRouter(scope.router, exchange, thrown, scope.previous);
        }
    }

    private void endRouter(Span router, HttpExchange exchange, Throwable thrown, Span previous) {
        ON_THREAD.current().exchange = null;
        if (router.recorded() && router.sampled()) {
            int status = exchange.getResponseCode();
            if (status > 0) {
                router.status(status);
            }
            router.contentLength(OutboundCall.contentLength(first(exchange.getResponseHeaders(), "Content-length")));
            if (thrown != null) {
                router.cause(thrown, false);
            }
        }
        tracer.end(router, true, previous);
    }

    /** The first value of header {@code name} (the response's, read once per sampled request). */
    static String first(Headers headers, String name) {
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            String key = entry.getKey();
            if (key != null && key.length() == name.length() && key.equalsIgnoreCase(name)) {
                return firstValue(entry.getValue());
            }
        }
        return null;
    }

    private static String firstValue(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The peer's address as text. A thread serves the same few clients (a load balancer, a
     * gateway) over and over, so the last IPv4 answer is kept: spelling an address costs 136 B.
     */
    static String clientIp(InetSocketAddress remote, OnThread onThread) {
        InetAddress address = remote.getAddress();
        if (address == null) {
            return remote.getHostString();
        }
        if (!(address instanceof Inet4Address)) {
            // IPv6 addresses that are equal can spell differently (fe80::1, fe80::1%0, fe80::1%2).
            return address.getHostAddress();
        }
        if (!address.equals(onThread.clientAddress)) {
            onThread.clientIp = address.getHostAddress();
            onThread.clientAddress = address;
        }
        return onThread.clientIp;
    }
}
