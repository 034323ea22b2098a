package io.telemetryagent.instrument.logging;

import static io.telemetryagent.instrument.MethodHook.constructors;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.instrument.HookSettings;
import io.telemetryagent.instrument.Hooks;
import io.telemetryagent.instrument.Library;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.Slot;
import io.telemetryagent.instrument.Target;
import java.util.List;

/**
 * Logging frameworks: the trace in each log event's context, where the app's layout prints it.
 * With {@code log_correlation: false} no hook is made, and the woven calls are answered by none.
 */
public final class LoggingLibrary extends Library {

    /**
     * Logback (1.2 to 1.5): {@code LoggingEvent(fqcn, logger, level, message, throwable, args)},
     * the event every SLF4J call through Logback makes, once it is built on the logging thread.
     */
    private final Target logback = targets("ch.qos.logback.classic.spi.LoggingEvent");
    /**
     * Log4j 2 (2.7 and later): where an event's context data (what {@code %X} prints) is set from
     * the thread's ThreadContext, one class per kind of event: {@code Log4jLogEvent}'s constructors
     * (the default, and in web apps), {@code MutableLogEvent.setContextData} (reusable events, the
     * default outside web apps) and {@code RingBufferLogEvent.setValues} (async loggers). Each
     * leaves its {@code contextData} field to the hook as it returns.
     */
    private final Target log4j = targets("org.apache.logging.log4j.core.impl.Log4jLogEvent",
            "org.apache.logging.log4j.core.impl.MutableLogEvent",
            "org.apache.logging.log4j.core.async.RingBufferLogEvent");
    /**
     * JBoss LogManager (the backend of JBoss Logging in WildFly and Quarkus):
     * {@code ExtLogRecord(level, message, formatStyle, loggerClassName)}, the record every log call
     * makes, once it is built on the logging thread.
     */
    private final Target jboss = targets("org.jboss.logmanager.ExtLogRecord");

    /** A LoggingEvent made: its MDC map gets the trace. */
    private final Slot logbackEvent = hook();
    /** An event's context data set: it gets the trace. */
    private final Slot log4jContextData = hook();
    /** An ExtLogRecord made: its MDC copy gets the trace. */
    private final Slot jbossRecord = hook();

    public LoggingLibrary() {
        super("logging");
    }

    @Override
    protected List<MethodHook> weave(Target target, String className) {
        if (target == logback) {
            return List.of(MethodHook.atReturn(constructors().arguments(6), logbackEvent, self()));
        }
        if (target == jboss) {
            return List.of(MethodHook.atReturn(constructors().arguments(4), jbossRecord, self()));
        }
        MethodHook.Methods methods;
        if (className.endsWith(".Log4jLogEvent")) {
            methods = constructors();
        } else if (className.endsWith(".MutableLogEvent")) {
            methods = named("setContextData");
        } else {
            methods = named("setValues");
        }
        return List.of(MethodHook.replaceFieldAtReturn(methods, "contextData",
                "Lorg/apache/logging/log4j/util/StringMap;", log4jContextData));
    }

    @Override
    protected void makeHooks(Hooks hooks, HookSettings settings) {
        if (settings.logCorrelation()) {
            hooks.put(logbackEvent, new LogbackEventContext());
            hooks.put(log4jContextData, new Log4jContextData());
            hooks.put(jbossRecord, new JBossLogRecordContext());
        }
    }
}
