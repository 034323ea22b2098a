package io.telemetryagent.instrument.jdbc;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.result;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/** A driver's connection class: the SQL of each statement it prepares ({@link PreparedSql}). */
public final class ConnectionInstrumentation implements TypeInstrumentation {

    private final String className;

    public ConnectionInstrumentation(String className) {
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
        return List.of(MethodHook.atReturn(named("prepareStatement", "prepareCall").argument(0, "java.lang.String"),
                HookId.JDBC_PREPARE, result(), argument(0)));
    }
}
