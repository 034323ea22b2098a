package io.telemetryagent.instrument;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * A public method of a library's type, called from the agent's class loader, which cannot see the
 * library's classes: looked up by reflection once per receiver class, through a public declaring
 * type (an implementation class is often not public), then invoked.
 */
public final class LibraryMethod {

    private final String name;
    private final Class<?>[] parameterTypes;
    private final ClassValue<Method> byClass = new ClassValue<Method>() {
        @Override
        protected Method computeValue(Class<?> type) {
            return find(type);
        }
    };

    public LibraryMethod(String name, Class<?>... parameterTypes) {
        this.name = name;
        this.parameterTypes = parameterTypes;
    }

    private static final Object[] NO_ARGUMENTS = new Object[0];

    /** Calls the method, one without parameters, on {@code target}: as {@link #invoke(Object, Object...)}, allocating no argument array. */
    public Object invoke(Object target) {
        return invoke(target, NO_ARGUMENTS);
    }

    /**
     * Calls the method on {@code target}; null when the target is null or has no such public
     * method. A failure, the method's own exception included, is thrown unchecked (the hooks'
     * base class keeps it from the host).
     */
    public Object invoke(Object target, Object... args) {
        if (target == null) {
            return null;
        }
        Method method = byClass.get(target.getClass());
        if (method == null) {
            return null;
        }
        try {
            return method.invoke(target, args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(name + " on " + target.getClass().getName() + " failed", e);
        }
    }

    private Method find(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Method found = declaredPublicly(c);
            if (found != null) {
                return found;
            }
            Method inInterface = fromInterfaces(c);
            if (inInterface != null) {
                return inInterface;
            }
        }
        return null;
    }

    private Method fromInterfaces(Class<?> type) {
        for (Class<?> i : type.getInterfaces()) {
            Method found = declaredPublicly(i);
            if (found == null) {
                found = fromInterfaces(i);
            }
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private Method declaredPublicly(Class<?> type) {
        if (!Modifier.isPublic(type.getModifiers())) {
            return null;
        }
        try {
            Method method = type.getDeclaredMethod(name, parameterTypes);
            return Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers()) ? method : null;
        } catch (NoSuchMethodException | SecurityException | LinkageError e) {
            return null;
        }
    }
}
