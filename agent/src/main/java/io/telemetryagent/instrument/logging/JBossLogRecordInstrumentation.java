package io.telemetryagent.instrument.logging;

import static io.telemetryagent.instrument.MethodHook.constructors;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * JBoss LogManager (the backend of JBoss Logging in WildFly and Quarkus):
 * {@code ExtLogRecord(level, message, formatStyle, loggerClassName)}, the record every log call
 * makes, once it is built on the logging thread.
 */
public final class JBossLogRecordInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "org.jboss.logmanager.ExtLogRecord";
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(MethodHook.atReturn(constructors().arguments(4), HookId.JBOSS_LOG_RECORD, self()));
    }
}
