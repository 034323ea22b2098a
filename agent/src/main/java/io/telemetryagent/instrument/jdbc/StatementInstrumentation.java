package io.telemetryagent.instrument.jdbc;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * A driver's statement class, one that declares the execute methods of {@code java.sql.Statement}
 * or {@code PreparedStatement} (a subclass that inherits them runs the woven ones). The driver's
 * own classes, not a pool's proxies: every pool delegates to them on the app's thread, and the
 * driver's connection is the one worth keeping facts about (a pool wraps it anew on every borrow).
 */
public final class StatementInstrumentation implements TypeInstrumentation {

    private static final String[] EXECUTES = {
        "execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch"};

    private final String className;

    public StatementInstrumentation(String className) {
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
        return List.of(
                // Statement.execute(sql, ...): the text is the first argument.
                MethodHook.span(named(EXECUTES).argument(0, "java.lang.String"), HookId.JDBC_EXECUTE, self(), argument(0))
                        .end(self(), false, true),
                // PreparedStatement.execute() and any executeBatch(): the text was given at prepare.
                MethodHook.span(named(EXECUTES).arguments(0), HookId.JDBC_EXECUTE, self())
                        .end(self(), false, true));
    }
}
