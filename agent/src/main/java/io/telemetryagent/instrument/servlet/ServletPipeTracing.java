package io.telemetryagent.instrument.servlet;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;

/**
 * Pipe spans for servlets: {@code HttpServlet.service(ServletRequest, ServletResponse)}, which
 * every HttpServlet inherits, named after the servlet's class and the {@code doXxx} method it
 * dispatches to. Only the first handler of a request records: a servlet forwarding to another,
 * or an error page, runs inside it. A framework on the servlet (Spring MVC) renames it.
 */
public final class ServletPipeTracing extends AgentHook {

    private final Tracer tracer;

    public ServletPipeTracing(Tracer tracer) {
        super("servlet");
        this.tracer = tracer;
    }

    @Override
    protected Object onEnter(Object servlet, Object request, Object response) {
        ServletRequestScope scope = ServletRequestScope.active();
        if (scope == null || scope.pipeStarted) {
            return null;
        }
        return startPipe(tracer, scope, HandlerNames.servlet(servlet.getClass(), scope.method)) ? scope : null;
    }

    /** Starts the request's pipe; false when no handler may record it (the layer is off, or not sampled). */
    static boolean startPipe(Tracer tracer, ServletRequestScope scope, String name) {
        scope.pipeStarted = true;
        if (!tracer.pipeEnabled() || !scope.inbound.sampled()) {
            return false;
        }
        scope.pipe = tracer.startChild(Span.Kind.PIPE, name);
        return scope.pipe != null;
    }

    @Override
    protected void onExit(Object token, Object servlet, Object result, Throwable thrown) {
        endPipe(tracer, (ServletRequestScope) token, thrown);
    }

    /** The handler returned: its pipe ends, unless the request went async (then it ends with it). */
    static void endPipe(Tracer tracer, ServletRequestScope scope, Throwable thrown) {
        scope.error(thrown);
        Span pipe = scope.pipe;
        if (thrown != null && pipe.cause() == null) {
            pipe.cause(scope.error, false);
        }
        if (scope.asyncListening) {
            Tracer.makeCurrent(scope.inbound);
        } else {
            tracer.end(pipe, true, scope.inbound);
        }
    }
}
