package io.telemetryagent.instrument.logging;

import io.telemetryagent.instrument.AgentHook;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.Map;

/**
 * Puts the trace into a Logback event's MDC map as the event is made, while a request is current.
 * The event takes the MDC map Logback itself gives it ({@code getMDCPropertyMap()}, which reads the
 * thread's MDC, as it would a moment later on the same thread) and then a copy of that map with
 * {@link TraceLogValue#KEY} added. The thread's MDC itself is never written, so there is nothing
 * to clear when the request ends and nothing can leak into a later one; a value the app put under
 * the key itself is kept.
 */
public final class LogbackEventContext extends AgentHook {

    private static final MethodHandle[] NONE = new MethodHandle[0];
    private static final String LOGGING_EVENT = "ch.qos.logback.classic.spi.LoggingEvent";

    /** Per event class: {@code getMDCPropertyMap()}, then the setter of its {@code mdcPropertyMap} field. */
    private static final ClassValue<MethodHandle[]> HANDLES = new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
            Class<?> declaring = type;
            while (declaring != null && !declaring.getName().equals(LOGGING_EVENT)) {
                declaring = declaring.getSuperclass();
            }
            if (declaring == null) {
                return NONE;
            }
            try {
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(declaring, MethodHandles.lookup());
                return new MethodHandle[] {
                        lookup.findVirtual(declaring, "getMDCPropertyMap", MethodType.methodType(Map.class))
                                .asType(MethodType.methodType(Map.class, Object.class)),
                        lookup.findSetter(declaring, "mdcPropertyMap", Map.class)
                                .asType(MethodType.methodType(void.class, Object.class, Map.class))};
            } catch (ReflectiveOperationException | RuntimeException e) {
                return NONE; // Logback in a named module that does not open the package to us
            }
        }
    };

    public LogbackEventContext() {
        super("Logback");
    }

    /** {@code event}: the LoggingEvent just constructed. */
    @Override
    protected Object onEnter(Object event, Object unused0, Object unused1) {
        String value = TraceLogValue.current();
        if (value == null) {
            return null;
        }
        MethodHandle[] handles = HANDLES.get(event.getClass());
        if (handles.length == 0) {
            return null;
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, String> mdc = (Map<String, String>) handles[0].invokeExact(event);
            if (mdc != null && mdc.containsKey(TraceLogValue.KEY)) {
                return null;
            }
            // Logback's own map is the MDC adapter's shared copy-on-write map: never written to.
            int size = mdc == null ? 1 : mdc.size() + 1;
            Map<String, String> withTrace = new HashMap<>(size * 4 / 3 + 1); // sized not to grow
            if (mdc != null) {
                withTrace.putAll(mdc);
            }
            withTrace.put(TraceLogValue.KEY, value);
            handles[1].invokeExact(event, withTrace);
        } catch (Throwable t) {
            // AgentHook reports it; the event keeps the map Logback gave it
            throw new IllegalStateException(t);
        }
        return null;
    }

    @Override
    protected void onExit(Object token, Object self, Object result, Throwable thrown) {
    }
}
