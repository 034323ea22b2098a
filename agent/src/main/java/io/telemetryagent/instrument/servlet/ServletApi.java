package io.telemetryagent.instrument.servlet;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The Servlet API of one namespace ({@code javax.servlet} or {@code jakarta.servlet}) in one
 * class loader, called through method handles. The agent's classes cannot see servlet types (the
 * host's loaders are invisible to the agent's), so the handles are looked up once per request
 * class from the interfaces it implements, then cached ({@link #of}); nothing is resolved by name
 * per request. Handles are bound to the interfaces, so they work on any wrapper of the request.
 *
 * <p>Every accessor returns null, -1 or false when the call fails: a broken or exotic
 * implementation costs the trace some detail, never the host its request.
 */
final class ServletApi {

    private static final ServletApi NONE = new ServletApi();

    /** Per request class: the API of the HttpServletRequest it implements, or NONE. */
    private static final ClassValue<ServletApi> BY_REQUEST_CLASS = new ClassValue<>() {
        @Override
        protected ServletApi computeValue(Class<?> type) {
            Class<?> api = findInterface(type, "javax.servlet.http.HttpServletRequest");
            if (api == null) {
                api = findInterface(type, "jakarta.servlet.http.HttpServletRequest");
            }
            return api == null ? NONE : BY_INTERFACE.get(api);
        }
    };

    /** Per HttpServletRequest interface (one per namespace and loader): shared by all its implementations. */
    private static final ClassValue<ServletApi> BY_INTERFACE = new ClassValue<>() {
        @Override
        protected ServletApi computeValue(Class<?> requestInterface) {
            try {
                return new ServletApi(requestInterface);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return NONE;
            }
        }
    };

    /** The API the request implements, or null when it is no HttpServletRequest. */
    static ServletApi of(Object request) {
        if (request == null) {
            return null;
        }
        ServletApi api = BY_REQUEST_CLASS.get(request.getClass());
        return api == NONE ? null : api;
    }

    /** {@code javax.servlet.error.exception} or its jakarta twin: the exception an error page is for. */
    final String errorExceptionAttribute;

    private final MethodHandle getMethod;
    private final MethodHandle getRequestUri;
    private final MethodHandle getScheme;
    private final MethodHandle getServerName;
    private final MethodHandle getServerPort;
    private final MethodHandle getHeader;
    private final MethodHandle getRemoteAddr;
    private final MethodHandle getDispatcherType;
    private final MethodHandle isAsyncStarted;
    private final MethodHandle getAttribute;
    private final MethodHandle getStatus;
    private final MethodHandle isCommitted;
    private final MethodHandle getResponseHeader;
    private final MethodHandle containsHeader;
    private final MethodHandle setHeader;
    private final MethodHandle addListener;
    private final Class<?> listenerType;
    private final MethodHandle eventThrowable;
    private final MethodHandle eventAsyncContext;

    private ServletApi() {
        errorExceptionAttribute = null;
        getMethod = getRequestUri = getScheme = getServerName = getServerPort = getHeader = getRemoteAddr = null;
        getDispatcherType = isAsyncStarted = getAttribute = getStatus = isCommitted = getResponseHeader = null;
        containsHeader = setHeader = addListener = eventThrowable = eventAsyncContext = null;
        listenerType = null;
    }

    private ServletApi(Class<?> request) throws ReflectiveOperationException {
        String namespace = request.getName().substring(0, request.getName().indexOf(".servlet."));
        ClassLoader loader = request.getClassLoader();
        Class<?> response = Class.forName(namespace + ".servlet.http.HttpServletResponse", false, loader);
        errorExceptionAttribute = namespace + ".servlet.error.exception";

        getMethod = handle(request, "getMethod", String.class);
        getRequestUri = handle(request, "getRequestURI", String.class);
        getScheme = handle(request, "getScheme", String.class);
        getServerName = handle(request, "getServerName", String.class);
        getServerPort = handle(request, "getServerPort", int.class);
        getHeader = handle(request, "getHeader", String.class, String.class);
        getRemoteAddr = handle(request, "getRemoteAddr", String.class);
        getAttribute = handle(request, "getAttribute", Object.class, String.class);
        isAsyncStarted = handle(request, "isAsyncStarted", boolean.class);
        Method dispatcherType = request.getMethod("getDispatcherType");
        getDispatcherType = handle(request, "getDispatcherType", dispatcherType.getReturnType());

        getStatus = handle(response, "getStatus", int.class);
        isCommitted = handle(response, "isCommitted", boolean.class);
        getResponseHeader = handle(response, "getHeader", String.class, String.class);
        containsHeader = handle(response, "containsHeader", boolean.class, String.class);
        setHeader = handle(response, "setHeader", void.class, String.class, String.class);

        Class<?> asyncContext = request.getMethod("getAsyncContext").getReturnType();
        Class<?> listener = null;
        for (Method m : asyncContext.getMethods()) {
            if (m.getName().equals("addListener") && m.getParameterCount() == 1) {
                listener = m.getParameterTypes()[0];
            }
        }
        if (listener == null) {
            throw new NoSuchMethodException(asyncContext.getName() + ".addListener");
        }
        listenerType = listener;
        addListener = handle(asyncContext, "addListener", void.class, listener);
        Class<?> event = null;
        for (Method m : listener.getMethods()) {
            if (m.getName().equals("onComplete") && m.getParameterCount() == 1) {
                event = m.getParameterTypes()[0];
            }
        }
        if (event == null) {
            throw new NoSuchMethodException(listener.getName() + ".onComplete");
        }
        eventThrowable = handle(event, "getThrowable", Throwable.class);
        eventAsyncContext = handle(event, "getAsyncContext", asyncContext);
    }

    /** A handle to a public method of {@code owner}, typed {@code (Object, params...)} returning a JDK type. */
    private static MethodHandle handle(Class<?> owner, String name, Class<?> returns, Class<?>... params)
            throws ReflectiveOperationException {
        MethodHandle h = MethodHandles.publicLookup().findVirtual(owner, name, MethodType.methodType(returns, params));
        MethodType erased = h.type().changeParameterType(0, Object.class);
        for (int i = 1; i < erased.parameterCount(); i++) {
            if (!erased.parameterType(i).getName().startsWith("java.")) {
                erased = erased.changeParameterType(i, Object.class);
            }
        }
        if (!returns.isPrimitive() && !returns.getName().startsWith("java.")) {
            erased = erased.changeReturnType(Object.class);
        }
        return h.asType(erased);
    }

    private static Class<?> findInterface(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(name)) {
                    return i;
                }
                Class<?> inherited = findInterface(i, name);
                if (inherited != null) {
                    return inherited;
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ request

    String method(Object request) {
        try {
            return (String) getMethod.invokeExact(request);
        } catch (Throwable t) {
            return null;
        }
    }

    String requestUri(Object request) {
        try {
            return (String) getRequestUri.invokeExact(request);
        } catch (Throwable t) {
            return null;
        }
    }

    String scheme(Object request) {
        try {
            return (String) getScheme.invokeExact(request);
        } catch (Throwable t) {
            return null;
        }
    }

    String serverName(Object request) {
        try {
            return (String) getServerName.invokeExact(request);
        } catch (Throwable t) {
            return null;
        }
    }

    int serverPort(Object request) {
        try {
            return (int) getServerPort.invokeExact(request);
        } catch (Throwable t) {
            return -1;
        }
    }

    String header(Object request, String name) {
        try {
            return (String) getHeader.invokeExact(request, name);
        } catch (Throwable t) {
            return null;
        }
    }

    String remoteAddr(Object request) {
        try {
            return (String) getRemoteAddr.invokeExact(request);
        } catch (Throwable t) {
            return null;
        }
    }

    Object attribute(Object request, String name) {
        try {
            return (Object) getAttribute.invokeExact(request, name);
        } catch (Throwable t) {
            return null;
        }
    }

    boolean isAsyncStarted(Object request) {
        try {
            return (boolean) isAsyncStarted.invokeExact(request);
        } catch (Throwable t) {
            return false;
        }
    }

    /** The name of the request's DispatcherType ({@code REQUEST}, {@code ASYNC}, {@code ERROR}...), or null. */
    String dispatcherType(Object request) {
        try {
            Object type = (Object) getDispatcherType.invokeExact(request);
            return type instanceof Enum ? ((Enum<?>) type).name() : null;
        } catch (Throwable t) {
            return null;
        }
    }

    // ------------------------------------------------------------------ response

    int status(Object response) {
        try {
            return (int) getStatus.invokeExact(response);
        } catch (Throwable t) {
            return -1;
        }
    }

    boolean isCommitted(Object response) {
        try {
            return (boolean) isCommitted.invokeExact(response);
        } catch (Throwable t) {
            return false;
        }
    }

    String responseHeader(Object response, String name) {
        try {
            return (String) getResponseHeader.invokeExact(response, name);
        } catch (Throwable t) {
            return null;
        }
    }

    boolean containsHeader(Object response, String name) {
        try {
            return (boolean) containsHeader.invokeExact(response, name);
        } catch (Throwable t) {
            return true; // unknown: never risk overwriting the app's header
        }
    }

    void setHeader(Object response, String name, String value) {
        try {
            setHeader.invokeExact(response, name, value);
        } catch (Throwable t) {
            // the answer header is lost, the response is not
        }
    }

    // ------------------------------------------------------------------ async

    /**
     * Adds a listener implemented by {@code handler} (a proxy of the namespace's AsyncListener,
     * defined in its loader) to an AsyncContext; false when the container refused it.
     */
    boolean addListener(Object asyncContext, InvocationHandler handler) {
        try {
            Object listener = Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType}, handler);
            addListener.invokeExact(asyncContext, listener);
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    /** The listener's own proxy, for re-adding it to a new async cycle. */
    boolean readdListener(Object asyncContext, Object listener) {
        try {
            addListener.invokeExact(asyncContext, listener);
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    Throwable eventThrowable(Object event) {
        try {
            return (Throwable) eventThrowable.invokeExact(event);
        } catch (Throwable t) {
            return null;
        }
    }

    Object eventAsyncContext(Object event) {
        try {
            return (Object) eventAsyncContext.invokeExact(event);
        } catch (Throwable t) {
            return null;
        }
    }
}
