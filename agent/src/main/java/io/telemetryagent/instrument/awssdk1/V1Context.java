package io.telemetryagent.instrument.awssdk1;

import java.lang.reflect.Method;

/**
 * The signing region of a v1 call, from its request's handler context
 * ({@code HandlerContextKey.SIGNING_REGION}, set by every client since 1.11): the key is the
 * SDK's own object, looked up once per request class (one SDK per class loader).
 */
final class V1Context {

    private V1Context() {}

    private static final class Lookup {
        final Method getHandlerContext;
        final Object signingRegion;

        Lookup(Method getHandlerContext, Object signingRegion) {
            this.getHandlerContext = getHandlerContext;
            this.signingRegion = signingRegion;
        }
    }

    private static final ClassValue<Lookup> LOOKUPS = new ClassValue<Lookup>() {
        @Override
        protected Lookup computeValue(Class<?> requestClass) {
            try {
                ClassLoader loader = requestClass.getClassLoader();
                Class<?> key = Class.forName("com.amazonaws.handlers.HandlerContextKey", false, loader);
                Class<?> request = Class.forName("com.amazonaws.Request", false, loader);
                return new Lookup(request.getMethod("getHandlerContext", key), key.getField("SIGNING_REGION").get(null));
            } catch (ReflectiveOperationException | LinkageError e) {
                return null;
            }
        }
    };

    static String signingRegion(Object request) {
        Lookup lookup = LOOKUPS.get(request.getClass());
        if (lookup == null) {
            return null;
        }
        try {
            Object region = lookup.getHandlerContext.invoke(request, lookup.signingRegion);
            return region instanceof String ? (String) region : null;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
