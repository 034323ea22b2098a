package io.telemetryagent.instrument.servlet;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.field;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.none;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.instrument.HookSettings;
import io.telemetryagent.instrument.Hooks;
import io.telemetryagent.instrument.Library;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.Slot;
import io.telemetryagent.instrument.Target;
import java.util.List;

/**
 * Servlet containers (Tomcat, Jetty, Undertow) and the frameworks on them (Spring MVC, Jersey):
 * the container's entry is the router, a servlet or a framework's dispatch the pipe.
 */
public final class ServletLibrary extends Library {

    /**
     * Tomcat 9, 10.1 and 11: {@code StandardHostValve.invoke(Request, Response)} hands every
     * request (and every async dispatch) to its context, then renders the error page of an
     * exception or an error status: at its return the response's status is the one sent. Its
     * Request and Response are the container's HttpServletRequest and HttpServletResponse.
     */
    private final Target tomcat = targets("org.apache.catalina.core.StandardHostValve");
    /**
     * Jetty's servlet layer, where a request enters its filter chain, for every dispatch type:
     * Jetty 9.4 and 10 {@code ServletHandler.doHandle(target, baseRequest, request, response)}. An
     * exception escapes it to the channel, which answers 500 and dispatches the error page later.
     */
    private final Target jetty9 = targets("org.eclipse.jetty.servlet.ServletHandler");
    /** ... Jetty 12 ee10 {@code ServletHandler$MappedServlet.handle(handler, path, request, response)}. */
    private final Target jetty12 = targets("org.eclipse.jetty.ee10.servlet.ServletHandler$MappedServlet");
    /**
     * Undertow 2.2 and 2.3: {@code ServletInitialHandler.handleFirstRequest(exchange, context)}
     * runs a request's (and an async dispatch's) filter chain on a worker thread, answers an
     * escaped exception with its error page, and ends the response when not async. The request and
     * response are read from its {@code ServletRequestContext} on the agent's side.
     */
    private final Target undertow = targets("io.undertow.servlet.handlers.ServletInitialHandler");
    /**
     * {@code startAsync()} and {@code startAsync(request, response)} of each container's request
     * class, where the AsyncContext is created. Where one overload calls the other, the hook acts once.
     */
    private final Target requests = targets("org.apache.catalina.connector.Request", "org.eclipse.jetty.server.Request",
            "org.eclipse.jetty.ee10.servlet.ServletApiRequest", "io.undertow.servlet.spec.HttpServletRequestImpl");
    /**
     * {@code HttpServlet.service(ServletRequest, ServletResponse)} of each namespace: the public
     * entry every HttpServlet inherits, whatever the container, which dispatches to {@code doGet} and kin.
     */
    private final Target servlets = targets("javax.servlet.http.HttpServlet", "jakarta.servlet.http.HttpServlet");
    /**
     * Spring MVC 5 (javax) and 6 (jakarta): {@code DispatcherServlet.doDispatch(request,
     * response)}, which looks the handler up and invokes it.
     */
    private final Target springMvc = targets("org.springframework.web.servlet.DispatcherServlet");
    /**
     * Jersey 2 (javax) and 3 (jakarta): {@code AbstractJavaResourceMethodDispatcher.dispatch(resource,
     * request)}, the final method every resource method invocation goes through; the abstract
     * class itself declares it, so its exact name is enough. Its {@code method} field is the Java method.
     */
    private final Target jersey = targets("org.glassfish.jersey.server.model.internal.AbstractJavaResourceMethodDispatcher");
    /**
     * Undertow's {@code ServletDispatchingHandler.handleRequest(exchange)}, which runs a request's
     * filter chain and servlet: Undertow answers an exception escaping it inside its initial
     * handler and keeps it nowhere the router could read it, so it is noted here (a filter's
     * exception never reaches HttpServlet.service).
     */
    private final Target undertowDispatch = targets("io.undertow.servlet.handlers.ServletDispatchingHandler");

    /** A container hands a request to its servlet context (Tomcat, Jetty): the router. */
    private final Slot router = hook();
    /** ... Undertow's, with its ServletRequestContext. */
    private final Slot undertowRouter = hook();
    /** The pipe of a plain servlet. */
    private final Slot pipe = hook();
    /** A request's startAsync: the request ends when its response completes. */
    private final Slot asyncStart = hook();
    /** The pipe named by route template. */
    private final Slot springMvcDispatch = hook();
    /** The pipe named by @Path template. */
    private final Slot jerseyDispatch = hook();
    /** An exception escaping Undertow's filter chain (enter only). */
    private final Slot error = hook();

    public ServletLibrary() {
        super("servlet container");
    }

    @Override
    protected List<MethodHook> weave(Target target, String className) {
        if (target == tomcat) {
            return List.of(MethodHook.span(named("invoke").arguments(2), router, argument(0), argument(1))
                    .end(none(), false, true));
        }
        if (target == jetty9 || target == jetty12) {
            return List.of(MethodHook.span(named(target == jetty9 ? "doHandle" : "handle").arguments(4), router,
                    argument(2), argument(3)).end(none(), false, true));
        }
        if (target == undertow) {
            return List.of(MethodHook.span(named("handleFirstRequest").arguments(2), undertowRouter, argument(1))
                    .end(none(), false, true));
        }
        if (target == requests) {
            return List.of(MethodHook.span(named("startAsync"), asyncStart, self()).end(self(), true, true));
        }
        if (target == servlets) {
            String namespace = className.substring(0, className.indexOf('.'));
            // Not the protected service(HttpServletRequest, HttpServletResponse) it calls.
            return List.of(MethodHook.span(named("service").arguments(2).argument(0, namespace + ".servlet.ServletRequest"),
                            pipe, self(), argument(0), argument(1))
                    .end(self(), false, true));
        }
        if (target == springMvc) {
            return List.of(MethodHook.span(named("doDispatch").arguments(2), springMvcDispatch, self(), argument(0))
                    .end(argument(0), false, true));
        }
        if (target == jersey) {
            return List.of(MethodHook.span(named("dispatch").arguments(2), jerseyDispatch,
                            field("method", "Ljava/lang/reflect/Method;"), argument(1))
                    .end(none(), false, true));
        }
        return List.of(MethodHook.atThrow(named("handleRequest").arguments(1), error));
    }

    @Override
    protected void makeHooks(Hooks hooks, HookSettings settings) {
        ServletRouterTracing servletRouter = new ServletRouterTracing(settings.tracer(), false);
        hooks.put(router, servletRouter);
        hooks.put(undertowRouter, new ServletRouterTracing(settings.tracer(), true));
        hooks.put(pipe, new ServletPipeTracing(settings.tracer()));
        hooks.put(asyncStart, new ServletAsyncTracing(servletRouter));
        hooks.put(springMvcDispatch, new SpringMvcTracing(settings.tracer()));
        hooks.put(jerseyDispatch, new JerseyTracing(settings.tracer()));
        hooks.put(error, new ServletErrorTracing());
    }
}
