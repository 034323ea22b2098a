package io.telemetryagent.instrument.logging;

import static io.telemetryagent.instrument.MethodHook.constructors;
import static io.telemetryagent.instrument.MethodHook.named;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * Log4j 2 (2.7 and later): where an event's context data (what {@code %X} prints) is set from
 * the thread's ThreadContext, one class per kind of event: {@code Log4jLogEvent}'s constructors
 * (the default, and in web apps), {@code MutableLogEvent.setContextData} (reusable events, the
 * default outside web apps) and {@code RingBufferLogEvent.setValues} (async loggers). Each
 * leaves its {@code contextData} field to the hook as it returns.
 */
public final class Log4jContextDataInstrumentation implements TypeInstrumentation {

    static final String STRING_MAP = "Lorg/apache/logging/log4j/util/StringMap;";

    private final String className;

    public Log4jContextDataInstrumentation(String className) {
        this.className = className;
    }

    @Override
    public String className() {
        return className;
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public List<MethodHook> hooks() {
        MethodHook.Methods methods;
        if (className.endsWith(".Log4jLogEvent")) {
            methods = constructors();
        } else if (className.endsWith(".MutableLogEvent")) {
            methods = named("setContextData");
        } else {
            methods = named("setValues");
        }
        return List.of(MethodHook.replaceFieldAtReturn(methods, "contextData", STRING_MAP, HookId.LOG4J_CONTEXT_DATA));
    }
}
