package io.telemetryagent.instrument.servlet;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Undertow's {@code ServletRequestContext}, read through method handles cached per class: its
 * original request and response, the objects every dispatch of the request shares.
 */
final class UndertowRequestContext {

    private static final MethodHandle[] NONE = new MethodHandle[0];

    private static final ClassValue<MethodHandle[]> HANDLES = new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
            try {
                MethodType getter = MethodType.methodType(Object.class, Object.class);
                return new MethodHandle[] {
                        MethodHandles.publicLookup().findVirtual(type, "getOriginalRequest",
                                MethodType.methodType(type.getMethod("getOriginalRequest").getReturnType())).asType(getter),
                        MethodHandles.publicLookup().findVirtual(type, "getOriginalResponse",
                                MethodType.methodType(type.getMethod("getOriginalResponse").getReturnType())).asType(getter)};
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return NONE;
            }
        }
    };

    private UndertowRequestContext() {}

    static Object request(Object context) {
        return get(context, 0);
    }

    static Object response(Object context) {
        return get(context, 1);
    }

    private static Object get(Object context, int which) {
        if (context == null) {
            return null;
        }
        MethodHandle[] handles = HANDLES.get(context.getClass());
        if (handles.length == 0) {
            return null;
        }
        try {
            return (Object) handles[which].invokeExact(context);
        } catch (Throwable t) {
            return null;
        }
    }
}
