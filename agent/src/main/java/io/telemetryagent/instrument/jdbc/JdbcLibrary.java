package io.telemetryagent.instrument.jdbc;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.result;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.instrument.HookSettings;
import io.telemetryagent.instrument.Hooks;
import io.telemetryagent.instrument.Library;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.Slot;
import io.telemetryagent.instrument.Target;
import java.util.List;

/** JDBC: the drivers of H2, HSQLDB and PostgreSQL, and HikariCP's own statements. */
public final class JdbcLibrary extends Library {

    /**
     * A driver's statement classes, those that declare the execute methods of
     * {@code java.sql.Statement} or {@code PreparedStatement} (a subclass that inherits them runs
     * the woven ones). The driver's own classes, not a pool's proxies: every pool delegates to them
     * on the app's thread, and the driver's connection is the one worth keeping facts about (a pool
     * wraps it anew on every borrow).
     */
    private final Target statements = targets(
            "org.h2.jdbc.JdbcStatement", "org.h2.jdbc.JdbcPreparedStatement", "org.h2.jdbc.JdbcCallableStatement",
            "org.hsqldb.jdbc.JDBCStatement", "org.hsqldb.jdbc.JDBCPreparedStatement",
            "org.hsqldb.jdbc.JDBCCallableStatement",
            "org.postgresql.jdbc.PgStatement", "org.postgresql.jdbc.PgPreparedStatement",
            "org.postgresql.jdbc.PgCallableStatement");
    /** A driver's connection class: the SQL of each statement it prepares ({@link PreparedSql}). */
    private final Target connections = targets(
            "org.h2.jdbc.JdbcConnection", "org.hsqldb.jdbc.JDBCConnection", "org.postgresql.jdbc.PgConnection");
    /**
     * HikariCP's {@code PoolBase}: where the pool validates a connection ({@code isConnectionDead},
     * {@code isConnectionAlive} before 4.0), opens one ({@code newPoolEntry}, with its init SQL and
     * driver checks) and resets one given back. See {@link PoolInternalGuard}.
     */
    private final Target hikari = targets("com.zaxxer.hikari.pool.PoolBase");

    /** A statement's execute*: one SQL subsegment. */
    private final Slot execute = hook();
    /** prepareStatement/prepareCall returned: the statement's SQL, noted. */
    private final Slot prepare = hook();
    /** The pool's own statements, which are not the app's. */
    private final Slot poolInternal = hook();

    public JdbcLibrary() {
        super("JDBC");
    }

    @Override
    protected List<MethodHook> weave(Target target, String className) {
        if (target == statements) {
            String[] executes = {
                "execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch"};
            return List.of(
                    // Statement.execute(sql, ...): the text is the first argument.
                    MethodHook.span(named(executes).argument(0, "java.lang.String"), execute, self(), argument(0))
                            .end(self(), false, true),
                    // PreparedStatement.execute() and any executeBatch(): the text was given at prepare.
                    MethodHook.span(named(executes).arguments(0), execute, self()).end(self(), false, true));
        }
        if (target == connections) {
            return List.of(MethodHook.atReturn(named("prepareStatement", "prepareCall").argument(0, "java.lang.String"),
                    prepare, result(), argument(0)));
        }
        return List.of(MethodHook.span(named("isConnectionDead", "isConnectionAlive", "newPoolEntry",
                        "resetConnectionState"), poolInternal, self())
                .end(self(), false, false));
    }

    @Override
    protected void makeHooks(Hooks hooks, HookSettings settings) {
        hooks.put(execute, new JdbcTracing(settings.tracer(), settings.sanitizedQuery()));
        hooks.put(prepare, new PreparedSql(settings.sanitizedQuery()));
        hooks.put(poolInternal, new PoolInternalGuard());
    }
}
