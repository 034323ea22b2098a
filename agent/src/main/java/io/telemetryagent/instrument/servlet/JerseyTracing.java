package io.telemetryagent.instrument.servlet;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Jersey resource methods: the request's pipe (Jersey's ServletContainer overrides
 * {@code HttpServlet.service}, so no servlet pipe precedes it) is named by the HTTP method and
 * the matched {@code @Path} template ({@code GET /items/:id}, annotation {@code route}), else by
 * the resource class and method. The template is read from the request's ExtendedUriInfo through
 * method handles cached per class.
 */
public final class JerseyTracing extends AgentHook {

    /** Token: the pipe was started here, so it ends here. */
    private static final class Started {
        final ServletRequestScope scope;

        Started(ServletRequestScope scope) {
            this.scope = scope;
        }
    }

    private static final MethodHandle[] NONE = new MethodHandle[0];

    /** Per ContainerRequest class: getUriInfo, then getMatchedTemplates of what it returns. */
    private static final ClassValue<MethodHandle[]> URI_INFO = new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
            try {
                Method getUriInfo = null;
                for (Method m : type.getMethods()) {
                    if (m.getName().equals("getUriInfo") && m.getParameterCount() == 0 && !m.isBridge()) {
                        getUriInfo = m;
                    }
                }
                if (getUriInfo == null) {
                    return NONE;
                }
                Method templates = getUriInfo.getReturnType().getMethod("getMatchedTemplates");
                MethodType erased = MethodType.methodType(Object.class, Object.class);
                return new MethodHandle[] {
                        MethodHandles.publicLookup().unreflect(getUriInfo).asType(erased),
                        MethodHandles.publicLookup().unreflect(templates).asType(erased)};
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return NONE;
            }
        }
    };

    /** Per UriTemplate class: getTemplate. */
    private static final ClassValue<MethodHandle> TEMPLATE = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                return MethodHandles.publicLookup().findVirtual(type, "getTemplate", MethodType.methodType(String.class))
                        .asType(MethodType.methodType(String.class, Object.class));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null;
            }
        }
    };

    private final Tracer tracer;

    public JerseyTracing(Tracer tracer) {
        super("Jersey");
        this.tracer = tracer;
    }

    /** {@code method}: the resource method; {@code request}: Jersey's ContainerRequest. */
    @Override
    protected Object onEnter(Object method, Object request, Object unused) {
        ServletRequestScope scope = ServletRequestScope.active();
        if (scope == null || (scope.pipeStarted && (scope.pipe == null || scope.pipe.ended()))) {
            return null;
        }
        String template = template(request);
        String name = template != null ? HandlerNames.route(scope.method, template) : resourceMethod((Method) method);
        Object token = scope;
        if (!scope.pipeStarted) {
            if (!ServletPipeTracing.startPipe(tracer, scope, name)) {
                return null;
            }
            token = new Started(scope);
        }
        Span pipe = scope.pipe;
        if (!pipe.isRoot()) { // with the router layer off the pipe is the segment, named after the service
            pipe.name(name);
        }
        pipe.route(template);
        return token;
    }

    @Override
    protected void onExit(Object token, Object unused, Object result, Throwable thrown) {
        if (token instanceof Started) {
            // An exception here may yet be mapped to a response: the router records what escapes.
            ServletPipeTracing.endPipe(tracer, ((Started) token).scope, null);
        }
    }

    private static String resourceMethod(Method method) {
        return HandlerNames.simpleName(method.getDeclaringClass()) + "." + method.getName();
    }

    /** The matched templates joined outermost first ({@code /items} + {@code /{id}}), or null. */
    static String template(Object request) {
        MethodHandle[] handles = URI_INFO.get(request.getClass());
        if (handles.length == 0) {
            return null;
        }
        try {
            Object uriInfo = (Object) handles[0].invokeExact(request);
            List<?> templates = (List<?>) (Object) handles[1].invokeExact(uriInfo);
            if (templates == null || templates.isEmpty()) {
                return null;
            }
            StringBuilder path = new StringBuilder();
            for (int i = templates.size() - 1; i >= 0; i--) {
                Object template = templates.get(i);
                MethodHandle getTemplate = TEMPLATE.get(template.getClass());
                if (getTemplate == null) {
                    return null;
                }
                String part = (String) getTemplate.invokeExact(template);
                if (part.isEmpty() || part.equals("/")) {
                    continue;
                }
                if (part.charAt(0) != '/') {
                    path.append('/');
                }
                path.append(part, 0, part.endsWith("/") ? part.length() - 1 : part.length());
            }
            return path.length() == 0 ? "/" : path.toString();
        } catch (Throwable t) {
            return null;
        }
    }
}
