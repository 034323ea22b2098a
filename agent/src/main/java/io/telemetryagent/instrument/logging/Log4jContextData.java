package io.telemetryagent.instrument.logging;

import io.telemetryagent.instrument.AgentHook;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Gives a Log4j 2 event context data with the trace in it, while a request is current: a copy
 * ({@code SortedArrayStringMap}) of what Log4j set, with {@link TraceLogValue#KEY} added. The
 * copy is the event's own: the map Log4j set may be the ThreadContext's own (copy-on-write) map
 * or a frozen one, and is never written to. A value the app put under the key itself is kept.
 */
public final class Log4jContextData extends AgentHook {

    /** containsKey(String), new SortedArrayStringMap(ReadOnlyStringMap), putValue(String, Object). */
    private static final class Handles {
        final MethodHandle containsKey;
        final MethodHandle copy;
        final MethodHandle putValue;

        Handles(MethodHandle containsKey, MethodHandle copy, MethodHandle putValue) {
            this.containsKey = containsKey;
            this.copy = copy;
            this.putValue = putValue;
        }
    }

    private static final Handles NONE = new Handles(null, null, null);

    /** Per StringMap class, from the class loader that loaded it. */
    private static final ClassValue<Handles> HANDLES = new ClassValue<>() {
        @Override
        protected Handles computeValue(Class<?> type) {
            try {
                ClassLoader loader = type.getClassLoader();
                Class<?> readOnly = Class.forName("org.apache.logging.log4j.util.ReadOnlyStringMap", false, loader);
                Class<?> writable = Class.forName("org.apache.logging.log4j.util.StringMap", false, loader);
                Class<?> sorted = Class.forName("org.apache.logging.log4j.util.SortedArrayStringMap", false, loader);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                return new Handles(
                        lookup.findVirtual(readOnly, "containsKey", MethodType.methodType(boolean.class, String.class))
                                .asType(MethodType.methodType(boolean.class, Object.class, String.class)),
                        lookup.findConstructor(sorted, MethodType.methodType(void.class, readOnly))
                                .asType(MethodType.methodType(Object.class, Object.class)),
                        lookup.findVirtual(writable, "putValue", MethodType.methodType(void.class, String.class, Object.class))
                                .asType(MethodType.methodType(void.class, Object.class, String.class, Object.class)));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return NONE;
            }
        }
    };

    public Log4jContextData() {
        super("Log4j 2");
    }

    /** {@code contextData}: the event's StringMap as Log4j set it; returns its replacement, or null to keep it. */
    @Override
    protected Object onEnter(Object unused, Object contextData, Object unused1) {
        if (contextData == null) {
            return null;
        }
        String value = TraceLogValue.current();
        if (value == null) {
            return null;
        }
        Handles handles = HANDLES.get(contextData.getClass());
        if (handles == NONE) {
            return null;
        }
        try {
            if ((boolean) handles.containsKey.invokeExact(contextData, TraceLogValue.KEY)) {
                return null; // the app's own, or already added by a constructor this one delegated to
            }
            Object withTrace = (Object) handles.copy.invokeExact(contextData);
            handles.putValue.invokeExact(withTrace, TraceLogValue.KEY, (Object) value);
            return withTrace;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    protected void onExit(Object token, Object self, Object result, Throwable thrown) {
    }
}
