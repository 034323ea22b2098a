package io.telemetryagent.instrument.reactornettyserver;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.instrument.LibraryMethod;
import io.telemetryagent.instrument.OutboundCall;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.TraceHeader;
import io.telemetryagent.trace.Tracer;
import io.telemetryagent.trace.Urls;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Router spans for Reactor Netty's HTTP server (1.0 to 1.2), and so for Spring WebFlux on it. A
 * request is served by one {@code HttpServerOperations}, made for it on its connection's event
 * loop; every step below is keyed by that object, never by a thread:
 * <ul>
 * <li>{@link Step#INBOUND}: {@code onInboundNext} hands each message of the request to the app,
 * the request's head first, and the server subscribes to the app's handler inside that call.
 * The head starts the router span (joining an inbound {@code X-Amzn-Trace-Id}); every message is
 * handled with the request's context current, so what the handler subscribes to (a WebClient
 * call, a task on a Reactor scheduler) carries it on; the event loop's own context comes back
 * after each message.</li>
 * <li>{@link Step#ERROR}: {@code onOutboundError}: the handler's publisher failed, and the server
 * answers 500: its error is the request's cause.</li>
 * <li>{@link Step#END}: {@code ChannelOperations.terminate}, once the response is written (or the
 * client went away first): the pipe, then the router span end with the response's status.</li>
 * </ul>
 * Only the request's operations object is held (weakly), with the attributes map of Spring's
 * exchange when there is one; headers are read, and the response's trace header written only
 * when the caller asked for the sampling decision ({@code Sampled=?}), as the servlet router does.
 */
public final class ReactorNettyServerTracing extends AgentHook {

    /** Which instrumented step a hook serves. */
    public enum Step { INBOUND, ERROR, END }

    private static final LibraryMethod REQUEST_HEADERS = new LibraryMethod("requestHeaders");
    private static final LibraryMethod RESPONSE_HEADERS = new LibraryMethod("responseHeaders");
    private static final LibraryMethod METHOD = new LibraryMethod("method");
    private static final LibraryMethod URI = new LibraryMethod("uri");
    private static final LibraryMethod SCHEME = new LibraryMethod("scheme");
    private static final LibraryMethod HOST_ADDRESS = new LibraryMethod("hostAddress");
    private static final LibraryMethod REMOTE_ADDRESS = new LibraryMethod("remoteAddress");
    private static final LibraryMethod STATUS = new LibraryMethod("status");
    private static final LibraryMethod CODE = new LibraryMethod("code");
    private static final LibraryMethod HAS_SENT_HEADERS = new LibraryMethod("hasSentHeaders");
    private static final LibraryMethod GET_HEADER = new LibraryMethod("get", String.class);
    private static final LibraryMethod CONTAINS_HEADER = new LibraryMethod("contains", String.class);
    private static final LibraryMethod SET_HEADER = new LibraryMethod("set", String.class, Object.class);

    /** Whether a message class is Netty's HttpRequest (a request's head), answered once per class. */
    private static final ClassValue<Boolean> IS_REQUEST_HEAD = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return implementsNamed(type, "io.netty.handler.codec.http.HttpRequest");
        }
    };

    /** Token for "nothing was current before" ({@link Step#INBOUND}). */
    private static final Object NO_PREVIOUS = new Object();

    private final Tracer tracer;
    private final Step step;

    public ReactorNettyServerTracing(Tracer tracer, Step step) {
        super("Reactor Netty HTTP server");
        this.tracer = tracer;
        this.step = step;
    }

    @Override
    protected Object onEnter(Object operations, Object arg0, Object arg1) {
        switch (step) {
            case INBOUND:
                return inbound(operations, arg0);
            case ERROR:
                failed(operations, (Throwable) arg0);
                return null;
            default:
                terminated(operations);
                return null;
        }
    }

    /** {@code message}: what the connection hands to the app. Returns what was current, for {@link #onExit}. */
    private Object inbound(Object operations, Object message) {
        Span previous = Tracer.current();
        ServerRequest request = ServerRequests.get(operations);
        if (request == null) {
            if (message == null || !IS_REQUEST_HEAD.get(message.getClass())) {
                return null; // the rest of a request already answered, or untraced
            }
            request = begin(operations);
            if (request == null) {
                Tracer.makeCurrent(previous);
                return null;
            }
        }
        Tracer.makeCurrent(request.context());
        return previous != null ? previous : NO_PREVIOUS;
    }

    @Override
    protected void onExit(Object token, Object self, Object result, Throwable thrown) {
        Tracer.makeCurrent(token == NO_PREVIOUS ? null : (Span) token);
    }

    private ServerRequest begin(Object operations) {
        Object headers = REQUEST_HEADERS.invoke(operations);
        TraceHeader upstream = TraceHeader.parse(header(headers, TraceHeader.NAME));
        // A new request starts clean, whatever the event loop carried before.
        Tracer.makeCurrent(null);
        Span router = tracer.startInbound(upstream);
        if (upstream != null && upstream.sampling() == TraceHeader.Sampling.REQUESTED) {
            Object responseHeaders = RESPONSE_HEADERS.invoke(operations);
            if (responseHeaders != null && !Boolean.TRUE.equals(CONTAINS_HEADER.invoke(responseHeaders, TraceHeader.NAME))) {
                SET_HEADER.invoke(responseHeaders, TraceHeader.NAME,
                        TraceHeader.format(router.traceId(), null, router.sampled(), null));
            }
        }
        Object httpMethod = METHOD.invoke(operations);
        String method = httpMethod == null ? null : httpMethod.toString();
        if (router.recorded() && router.sampled()) {
            describeRequest(router, operations, headers, method);
        }
        ServerRequest request = new ServerRequest(router, method);
        // A full table (16,384 requests open at once) leaves the request untraced, as the client's does.
        return ServerRequests.put(operations, request) ? request : null;
    }

    private static void describeRequest(Span router, Object operations, Object headers, String method) {
        String host = header(headers, "Host");
        if (host == null) {
            Object local = HOST_ADDRESS.invoke(operations);
            host = local instanceof InetSocketAddress
                    ? ((InetSocketAddress) local).getHostString() + ":" + ((InetSocketAddress) local).getPort() : "";
        }
        Object scheme = SCHEME.invoke(operations);
        Object uri = URI.invoke(operations);
        String path = uri == null ? "/" : uri.toString();
        int query = path.indexOf('?');
        router.httpRequest(method, Urls.of(scheme == null ? "http" : scheme.toString(), host,
                query < 0 ? path : path.substring(0, query)));
        String forwarded = header(headers, "X-Forwarded-For");
        boolean fromForwarded = forwarded != null && !forwarded.isBlank();
        String clientIp;
        if (fromForwarded) {
            int comma = forwarded.indexOf(',');
            clientIp = (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim();
        } else {
            clientIp = clientIp(REMOTE_ADDRESS.invoke(operations));
        }
        router.client(clientIp, fromForwarded, header(headers, "User-Agent"));
    }

    private static String clientIp(Object remote) {
        if (!(remote instanceof InetSocketAddress)) {
            return null;
        }
        InetAddress address = ((InetSocketAddress) remote).getAddress();
        return address != null ? address.getHostAddress() : ((InetSocketAddress) remote).getHostString();
    }

    private static void failed(Object operations, Throwable error) {
        ServerRequest request = ServerRequests.get(operations);
        if (request != null && error != null) {
            request.error(error);
        }
    }

    /** {@code operations}: any connection's (the client's too), terminated: only a request's ends a span. */
    private void terminated(Object operations) {
        ServerRequest request = ServerRequests.remove(operations);
        if (request == null) {
            return;
        }
        Span pipe = request.pipe();
        Span router = request.router;
        if (pipe == null && !(router.recorded() && router.sampled())) {
            tracer.end(router, false, null); // nothing to record: the response is not looked at
            return;
        }
        // No status when the client went away before the response's head was written.
        int status = Boolean.TRUE.equals(HAS_SENT_HEADERS.invoke(operations)) ? status(operations) : 0;
        Throwable error = request.error();
        if (error == null && status >= 500) {
            error = WebFluxTracing.handledError(request.attributes());
        }
        if (pipe != null) {
            WebFluxTracing.finishPipe(request, pipe, status, error);
            tracer.end(pipe, false, null);
        }
        if (router.recorded() && router.sampled()) {
            if (status > 0) {
                router.status(status);
            }
            Object length = GET_HEADER.invoke(RESPONSE_HEADERS.invoke(operations), "Content-Length");
            router.contentLength(length instanceof String ? OutboundCall.contentLength((String) length) : -1);
            if (error != null) {
                router.cause(error, false);
            }
        }
        tracer.end(router, false, null);
    }

    private static int status(Object operations) {
        Object code = CODE.invoke(STATUS.invoke(operations));
        return code instanceof Integer ? (Integer) code : 0;
    }

    /** The first value of a request header (Netty's HttpHeaders, case-insensitive), or null. */
    private static String header(Object headers, String name) {
        Object value = GET_HEADER.invoke(headers, name);
        return value instanceof String ? (String) value : null;
    }

    /** Whether {@code type}, a superclass or any interface they implement is named {@code name}. */
    static boolean implementsNamed(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                return true;
            }
            for (Class<?> i : c.getInterfaces()) {
                if (implementsNamed(i, name)) {
                    return true;
                }
            }
        }
        return false;
    }
}
