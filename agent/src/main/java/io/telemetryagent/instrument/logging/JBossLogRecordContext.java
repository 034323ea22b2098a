package io.telemetryagent.instrument.logging;

import io.telemetryagent.instrument.AgentHook;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Puts the trace into a JBoss LogManager record's MDC as the record is made, while a request is
 * current, with the record's own {@code putMdc}: it copies the thread's MDC into the record first
 * (as the record would for a hand-off to another thread), so the thread's MDC is never written. A
 * value the app put under the key itself is kept.
 */
public final class JBossLogRecordContext extends AgentHook {

    private static final MethodHandle[] NONE = new MethodHandle[0];
    private static final String EXT_LOG_RECORD = "org.jboss.logmanager.ExtLogRecord";

    /** Per record class: {@code getMdc(String)}, {@code putMdc(String, String)}. */
    private static final ClassValue<MethodHandle[]> HANDLES = new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
            Class<?> record = type;
            while (record != null && !record.getName().equals(EXT_LOG_RECORD)) {
                record = record.getSuperclass();
            }
            if (record == null) {
                return NONE;
            }
            try {
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                return new MethodHandle[] {
                        lookup.findVirtual(record, "getMdc", MethodType.methodType(String.class, String.class))
                                .asType(MethodType.methodType(String.class, Object.class, String.class)),
                        lookup.findVirtual(record, "putMdc", MethodType.methodType(String.class, String.class, String.class))
                                .asType(MethodType.methodType(void.class, Object.class, String.class, String.class))};
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return NONE;
            }
        }
    };

    public JBossLogRecordContext() {
        super("JBoss LogManager");
    }

    /** {@code record}: the ExtLogRecord just constructed. */
    @Override
    protected Object onEnter(Object record, Object unused0, Object unused1) {
        String value = TraceLogValue.current();
        if (value == null) {
            return null;
        }
        MethodHandle[] handles = HANDLES.get(record.getClass());
        if (handles.length == 0) {
            return null;
        }
        try {
            if ((String) handles[0].invokeExact(record, TraceLogValue.KEY) == null) {
                handles[1].invokeExact(record, TraceLogValue.KEY, value);
            }
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return null;
    }

    @Override
    protected void onExit(Object token, Object self, Object result, Throwable thrown) {
    }
}
