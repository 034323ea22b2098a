package io.telemetryagent.instrument.servlet;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.TraceHeader;
import io.telemetryagent.trace.Tracer;
import io.telemetryagent.trace.Urls;

/**
 * Router spans for servlet containers. Each container's woven code calls this where it hands a
 * request to its servlet context, around the filter chain and (where the container does it
 * there) its error pages: Tomcat's host valve, Jetty's servlet handler, Undertow's initial
 * handler. Only the REQUEST dispatch starts a span; forwards, includes and error pages run
 * inside it, and an async dispatch rejoins the request it continues. An async request ends when
 * our AsyncListener hears it complete ({@link ServletAsyncTracing}), else when the dispatch returns.
 */
public final class ServletRouterTracing extends AgentHook {

    /** Token of an async dispatch that rejoined its request on this thread. */
    private static final class Rejoined {
        final ServletRequestScope scope;
        final Span previous;

        Rejoined(ServletRequestScope scope, Span previous) {
            this.scope = scope;
            this.previous = previous;
        }
    }

    private final Tracer tracer;
    /** Undertow's hook passes its ServletRequestContext, not the request and response. */
    private final boolean undertow;

    public ServletRouterTracing(Tracer tracer, boolean undertow) {
        super("servlet container");
        this.tracer = tracer;
        this.undertow = undertow;
    }

    /** {@code request}, {@code response}: the container's own; for Undertow, its request context and null. */
    @Override
    protected Object onEnter(Object request, Object response, Object unused) {
        if (ServletRequestScope.active() != null) {
            return null; // a nested dispatch of a request already followed on this thread
        }
        if (undertow) {
            response = UndertowRequestContext.response(request);
            request = UndertowRequestContext.request(request);
        }
        ServletApi api = ServletApi.of(request);
        if (api == null || response == null) {
            return null;
        }
        // Tomcat runs an async dispatch through its valves as the REQUEST it continues.
        ServletRequestScope async = ServletRequestScope.asyncScopeOf(request);
        if (async != null) {
            return rejoin(async);
        }
        if (!"REQUEST".equals(api.dispatcherType(request))) {
            return null;
        }
        Span previous = Tracer.current();
        // A new request starts clean, whatever a pooled thread carried before.
        Tracer.makeCurrent(null);
        TraceHeader upstream = TraceHeader.parse(api.header(request, TraceHeader.NAME));
        Span inbound = tracer.startInbound(upstream);
        if (upstream != null && upstream.sampling() == TraceHeader.Sampling.REQUESTED
                && !api.containsHeader(response, TraceHeader.NAME)) {
            api.setHeader(response, TraceHeader.NAME, TraceHeader.format(inbound.traceId(), null, inbound.sampled(), null));
        }
        String method = api.method(request);
        if (inbound.recorded() && inbound.sampled()) {
            describeRequest(inbound, api, request, method);
        }
        ServletRequestScope scope = new ServletRequestScope(api, request, response, method, inbound, previous);
        ServletRequestScope.activate(scope);
        return scope;
    }

    private static void describeRequest(Span router, ServletApi api, Object request, String method) {
        String host = api.header(request, "Host");
        if (host == null) {
            int port = api.serverPort(request);
            host = port > 0 ? api.serverName(request) + ":" + port : api.serverName(request);
        }
        String scheme = api.scheme(request);
        router.httpRequest(method, Urls.of(scheme == null ? "http" : scheme, host == null ? "" : host,
                api.requestUri(request)));
        String forwarded = api.header(request, "X-Forwarded-For");
        boolean fromForwarded = forwarded != null && !forwarded.isBlank();
        String clientIp;
        if (fromForwarded) {
            int comma = forwarded.indexOf(',');
            clientIp = (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim();
        } else {
            clientIp = api.remoteAddr(request);
        }
        router.client(clientIp, fromForwarded, api.header(request, "User-Agent"));
    }

    /** An ASYNC dispatch: its work belongs to the request it continues, which stays open. */
    private static Object rejoin(ServletRequestScope scope) {
        Span previous = Tracer.current();
        ServletRequestScope.activate(scope);
        Tracer.makeCurrent(scope.current());
        return new Rejoined(scope, previous);
    }

    @Override
    protected void onExit(Object token, Object unused, Object result, Throwable thrown) {
        ServletRequestScope.deactivate();
        if (token instanceof Rejoined) {
            Rejoined rejoined = (Rejoined) token;
            noteError(rejoined.scope, thrown);
            Tracer.makeCurrent(rejoined.previous);
            return;
        }
        ServletRequestScope scope = (ServletRequestScope) token;
        noteError(scope, thrown);
        if (!scope.asyncListening) {
            end(scope, thrown != null);
        }
        Tracer.makeCurrent(scope.previous);
    }

    /** The exception that escaped the dispatch, or the one the container kept for its error page. */
    private static void noteError(ServletRequestScope scope, Throwable thrown) {
        scope.error(thrown);
        // Only a sampled request records its error (an unsampled one has no pipe and its router
        // records nothing): the container's attribute is not looked up for the others.
        if (scope.error == null && scope.inbound.sampled()) {
            Object kept = scope.api.attribute(scope.request, scope.api.errorExceptionAttribute);
            if (kept instanceof Throwable) {
                scope.error((Throwable) kept);
            }
        }
    }

    /**
     * Ends the request: its pipe, then its router span with the response as it stands. Called once
     * the response is final: when the dispatch returns, or when an async request completes.
     *
     * @param escaped an exception escaped to the container, which answers it with a 500
     */
    void end(ServletRequestScope scope, boolean escaped) {
        if (!scope.finish()) {
            return;
        }
        scope.forgetAsync();
        Span pipe = scope.pipe;
        if (pipe != null) {
            if (scope.error != null && pipe.cause() == null && pipe.sampled()) {
                pipe.cause(scope.error, false);
            }
            tracer.end(pipe, false, null);
        }
        Span router = scope.inbound;
        if (router.recorded() && router.sampled()) {
            ServletApi api = scope.api;
            int status = api.status(scope.response);
            if (escaped && status < 500 && !api.isCommitted(scope.response)) {
                status = 500;
            }
            if (status > 0) {
                router.status(status);
            }
            router.contentLength(ResponseLength.of(api, scope.response));
            if (scope.error != null) {
                router.cause(scope.error, false);
            }
        }
        tracer.end(router, false, null);
    }
}
