package io.telemetryagent.instrument.servlet;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * The content length a response declared, when its header does not show it yet: Tomcat keeps a
 * length set by the app out of its headers until it commits. The Servlet API has no getter, so
 * the container response's own public {@code getContentLength()} (int or long) is used where it
 * has one, found once per class.
 */
final class ResponseLength {

    private static final MethodHandle NONE = MethodHandles.constant(long.class, -1L);

    private static final ClassValue<MethodHandle> GETTER = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                if (!Modifier.isPublic(type.getModifiers())) {
                    return NONE;
                }
                Method method = type.getMethod("getContentLength");
                Class<?> returns = method.getReturnType();
                if (returns != int.class && returns != long.class) {
                    return NONE;
                }
                MethodHandle getter = MethodHandles.publicLookup()
                        .findVirtual(type, "getContentLength", MethodType.methodType(returns));
                return getter.asType(MethodType.methodType(long.class, Object.class));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return NONE;
            }
        }
    };

    private ResponseLength() {}

    /** The declared length of the response's body, or -1. */
    static long of(ServletApi api, Object response) {
        String header = api.responseHeader(response, "Content-Length");
        if (header != null) {
            try {
                return Long.parseLong(header.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        MethodHandle getter = GETTER.get(response.getClass());
        if (getter == NONE) {
            return -1;
        }
        try {
            long length = (long) getter.invokeExact(response);
            return length >= 0 ? length : -1;
        } catch (Throwable t) {
            return -1;
        }
    }
}
