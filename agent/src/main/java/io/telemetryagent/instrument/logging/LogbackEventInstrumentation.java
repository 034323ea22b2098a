package io.telemetryagent.instrument.logging;

import static io.telemetryagent.instrument.MethodHook.constructors;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * Logback (1.2 to 1.5): {@code LoggingEvent(fqcn, logger, level, message, throwable, args)}, the
 * event every SLF4J call through Logback makes, once it is built on the logging thread.
 */
public final class LogbackEventInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "ch.qos.logback.classic.spi.LoggingEvent";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(MethodHook.atReturn(constructors().arguments(6), HookId.LOGBACK_EVENT, self()));
    }
}
