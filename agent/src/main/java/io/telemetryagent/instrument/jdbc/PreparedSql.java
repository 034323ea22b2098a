package io.telemetryagent.instrument.jdbc;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.instrument.WeakIdentityTable;

/**
 * The SQL each prepared or callable statement was made with, noted as the driver's
 * {@code prepareStatement}/{@code prepareCall} returns it, for {@code sanitized_query}: a prepared
 * statement's execute takes no text. Only when {@code sanitized_query} is on; otherwise this hook
 * returns at once. Kept weakly beside the statement, which may run many times.
 */
public final class PreparedSql extends AgentHook {

    /** Bounded: beyond it a statement's query is left out of its subsegment, never the subsegment. */
    private static final WeakIdentityTable<String> BY_STATEMENT = new WeakIdentityTable<>(65_536);

    private final boolean enabled;

    public PreparedSql(boolean sanitizedQuery) {
        super("JDBC");
        this.enabled = sanitizedQuery;
    }

    /** The SQL {@code statement} was prepared with, or null. */
    static String of(Object statement) {
        return BY_STATEMENT.get(statement);
    }

    /** {@code statement} is the value returned, {@code sql} the first argument. */
    @Override
    protected Object onEnter(Object statement, Object sql, Object unused) {
        if (enabled && statement != null && sql instanceof String) {
            // A driver's prepareStatement(sql) often returns through its longer overloads: one entry.
            BY_STATEMENT.putIfAbsent(statement, (String) sql);
        }
        return null;
    }

    @Override
    protected void onExit(Object token, Object self, Object result, Throwable thrown) {
    }
}
