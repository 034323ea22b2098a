package io.telemetryagent.instrument.servlet;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;

/**
 * Spring MVC's {@code DispatcherServlet.doDispatch}: once it has looked the handler up, the pipe
 * is named after the request's method and the handler's route template
 * ({@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}), which is also kept as the annotation
 * {@code route}. The exception a handler throws is recorded here, before Spring wraps it.
 */
public final class SpringMvcTracing extends AgentHook {

    static final String BEST_MATCHING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";
    static final String BEST_MATCHING_HANDLER = "org.springframework.web.servlet.HandlerMapping.bestMatchingHandler";
    /** The handler Spring Boot maps to {@code /**} and {@code /webjars/**}: static resources. */
    static final String RESOURCE_HANDLER = "org.springframework.web.servlet.resource.ResourceHttpRequestHandler";

    /** Token: the pipe was started here (no servlet hook saw the request first), so it ends here. */
    private static final class Started {
        final ServletRequestScope scope;

        Started(ServletRequestScope scope) {
            this.scope = scope;
        }
    }

    private final Tracer tracer;

    public SpringMvcTracing(Tracer tracer) {
        super("Spring MVC");
        this.tracer = tracer;
    }

    @Override
    protected Object onEnter(Object dispatcherServlet, Object request, Object unused) {
        ServletRequestScope scope = ServletRequestScope.active();
        if (scope == null) {
            return null;
        }
        if (!scope.pipeStarted) {
            String name = HandlerNames.servlet(dispatcherServlet.getClass(), scope.method);
            return ServletPipeTracing.startPipe(tracer, scope, name) ? new Started(scope) : null;
        }
        return scope.pipe != null ? scope : null;
    }

    /** {@code request}: the request doDispatch was given. */
    @Override
    protected void onExit(Object token, Object request, Object result, Throwable thrown) {
        ServletRequestScope scope = token instanceof Started ? ((Started) token).scope : (ServletRequestScope) token;
        Span pipe = scope.pipe;
        if (!pipe.ended()) {
            Object pattern = scope.api.attribute(request, BEST_MATCHING_PATTERN);
            String name = null;
            if (thrown == null && unmatched(scope, request, pattern)) {
                name = HandlerNames.noRoute(scope.method);
            } else if (pattern != null) {
                name = HandlerNames.route(scope.method, pattern.toString());
            }
            if (name != null && !pipe.isRoot()) { // with the router layer off the pipe is the segment, named after the service
                pipe.name(name);
            }
            if (pattern != null) {
                pipe.route(pattern.toString());
            }
        }
        if (token instanceof Started) {
            ServletPipeTracing.endPipe(tracer, scope, thrown);
        } else {
            scope.error(thrown);
            if (thrown != null && pipe.cause() == null) {
                pipe.cause(scope.error, false);
            }
        }
    }

    /**
     * A 404 that no route answered: Spring found no handler, or only its catch-all static
     * resource handler, which found no file. Such requests would otherwise share the name of the
     * catch-all route ({@code GET /%2A%2A}) with every static file served.
     */
    private static boolean unmatched(ServletRequestScope scope, Object request, Object pattern) {
        if (pattern != null && pattern.toString().indexOf('*') < 0) {
            return false; // a route without wildcards matched: most requests, with no status to read
        }
        if (scope.api.status(scope.response) != 404) {
            return false;
        }
        if (pattern == null) {
            return true;
        }
        Object handler = scope.api.attribute(request, BEST_MATCHING_HANDLER);
        return handler != null && handler.getClass().getName().equals(RESOURCE_HANDLER);
    }
}
