package io.telemetryagent.instrument.reactornettyserver;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.instrument.LibraryMethod;
import io.telemetryagent.instrument.servlet.HandlerNames;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;
import java.util.Map;

/**
 * Pipe spans for Spring WebFlux (5.3, 6.x) on Reactor Netty's server: {@code
 * DispatcherHandler.handle(exchange)} is called when the app's web filters pass the request on,
 * before the handler is looked up. The pipe starts there and is left current, so the handler's
 * publisher, which the caller subscribes to next, runs under it; it ends with the response
 * ({@link ReactorNettyServerTracing}), named after the request's method and the route template
 * Spring matched ({@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}, which both annotated
 * controllers and functional routes set), as the Spring MVC pipe is.
 */
public final class WebFluxTracing extends AgentHook {

    static final String BEST_MATCHING_PATTERN = "org.springframework.web.reactive.HandlerMapping.bestMatchingPattern";
    static final String BEST_MATCHING_HANDLER = "org.springframework.web.reactive.HandlerMapping.bestMatchingHandler";
    /** The handler Spring Boot maps to {@code /**} and {@code /webjars/**}: static resources. */
    static final String RESOURCE_HANDLER = "org.springframework.web.reactive.resource.ResourceWebHandler";
    /** Spring 6.1+: the error its WebExceptionHandlers answered. */
    static final String HANDLED_EXCEPTION = "org.springframework.web.server.handler.ExceptionHandlingWebHandler.handledException";
    /** Spring Boot's error handler (Boot 2 and 3): the error its error page answered. */
    static final String BOOT_ERROR = "org.springframework.boot.web.reactive.error.DefaultErrorAttributes.ERROR";

    /** The pipe's name until the route is known: the dispatcher's. */
    static final String DISPATCHER = "DispatcherHandler.handle";

    private static final LibraryMethod GET_REQUEST = new LibraryMethod("getRequest");
    private static final LibraryMethod GET_ATTRIBUTES = new LibraryMethod("getAttributes");
    private static final LibraryMethod GET_NATIVE_REQUEST = new LibraryMethod("getNativeRequest");
    private static final LibraryMethod GET_DELEGATE = new LibraryMethod("getDelegate");

    private final Tracer tracer;

    public WebFluxTracing(Tracer tracer) {
        super("Spring WebFlux");
        this.tracer = tracer;
    }

    /** {@code exchange}: Spring's ServerWebExchange. */
    @Override
    protected Object onEnter(Object dispatcher, Object exchange, Object unused) {
        Span current = Tracer.current();
        if (!tracer.pipeEnabled() || (current != null && !current.sampled())) {
            return null; // an unsampled request's context came here with it: nothing to record, nothing to look up
        }
        ServerRequest request = requestOf(GET_REQUEST.invoke(exchange));
        if (request == null || request.pipe() != null || !request.router.sampled()) {
            return null; // not on Reactor Netty, a nested dispatch, or nothing to record
        }
        Object attributes = GET_ATTRIBUTES.invoke(exchange);
        // Under the request's router whatever this thread had current.
        Tracer.makeCurrent(request.router);
        Span pipe = tracer.startChild(Span.Kind.PIPE, DISPATCHER);
        if (pipe != null) {
            request.pipe(pipe, attributes instanceof Map ? (Map<?, ?>) attributes : null);
        }
        // The pipe stays current: the caller subscribes to the handler next, on this thread, and
        // the hook around it (the server's inbound message, a scheduler's task) restores what was.
        return null;
    }

    @Override
    protected void onExit(Object token, Object self, Object result, Throwable thrown) {
        // Nothing: onEnter returns no token.
    }

    /**
     * The server request behind Spring's: its native request (Reactor Netty's operations), through
     * any decorators the app's filters put around it; null when the server is not Reactor Netty.
     */
    private static ServerRequest requestOf(Object springRequest) {
        Object r = springRequest;
        for (int depth = 0; r != null && depth < 8; depth++) {
            ServerRequest found = ServerRequests.get(r);
            if (found != null) {
                return found;
            }
            Object inner = GET_NATIVE_REQUEST.invoke(r);
            if (inner == null) {
                inner = GET_DELEGATE.invoke(r);
            }
            r = inner == r ? null : inner;
        }
        return null;
    }

    /** Names the pipe by route template, records its route and error: the response is final. */
    static void finishPipe(ServerRequest request, Span pipe, int status, Throwable error) {
        Map<?, ?> attributes = request.attributes();
        Object pattern = attributes == null ? null : attributes.get(BEST_MATCHING_PATTERN);
        String name = null;
        if (unmatched(attributes, pattern, status)) {
            name = HandlerNames.noRoute(request.method);
        } else if (pattern != null) {
            name = HandlerNames.route(request.method, pattern.toString());
        }
        if (name != null && !pipe.isRoot()) { // with the router layer off the pipe is the segment, named after the service
            pipe.name(name);
        }
        if (pattern != null) {
            pipe.route(pattern.toString());
        }
        if (error != null && pipe.sampled() && pipe.cause() == null) {
            pipe.cause(error, false);
        }
    }

    /**
     * A 404 that no route answered: Spring found no handler, or only its catch-all static resource
     * handler, which found no file (as {@code SpringMvcTracing} tells them).
     */
    private static boolean unmatched(Map<?, ?> attributes, Object pattern, int status) {
        if (status != 404) {
            return false;
        }
        if (pattern == null) {
            return true;
        }
        if (pattern.toString().indexOf('*') < 0) {
            return false;
        }
        Object handler = attributes.get(BEST_MATCHING_HANDLER);
        return handler != null && handler.getClass().getName().equals(RESOURCE_HANDLER);
    }

    /**
     * The error Spring's exception handlers answered with a 5xx (a handler's exception, a failed
     * publisher), from the exchange's attributes; null when none was kept. 4xx answers (a missing
     * route, a bad argument) are the client's error, not a fault with a cause, as in Spring MVC.
     */
    static Throwable handledError(Map<?, ?> attributes) {
        if (attributes == null) {
            return null;
        }
        Object error = attributes.get(HANDLED_EXCEPTION);
        if (!(error instanceof Throwable)) {
            error = attributes.get(BOOT_ERROR);
        }
        return error instanceof Throwable ? (Throwable) error : null;
    }
}
