package io.telemetryagent.instrument.jdbc;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.SqlFacts;
import io.telemetryagent.trace.ThreadState;
import io.telemetryagent.trace.Tracer;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A SQL subsegment for each statement a driver executes within a sampled request: named
 * {@code database@host}, {@code namespace: remote}, with the {@code sql} block. Only the outermost
 * execute on a thread records (a driver's {@code executeQuery} calling its own {@code execute},
 * the queries its metadata runs), and nothing records outside a request, under an unsampled one,
 * or while a pool only checks its connections ({@link PoolInternalGuard}). An unsampled statement
 * costs two reads of the thread's state and allocates nothing.
 */
public final class JdbcTracing extends AgentHook {

    /** What a thread has in progress: a statement, or the pool's housekeeping ({@link PoolInternalGuard}). */
    static final class InProgress {
        /** Set while it runs; nested ones record nothing. */
        Object call;
    }

    static final ThreadState<InProgress> IN_PROGRESS = new ThreadState<>() {
        @Override
        protected InProgress initialValue() {
            return new InProgress();
        }
    };

    private final Tracer tracer;
    private final boolean sanitizedQuery;

    /** @param sanitizedQuery record each statement's text, its literals removed (config {@code sanitized_query}) */
    public JdbcTracing(Tracer tracer, boolean sanitizedQuery) {
        super("JDBC");
        this.tracer = tracer;
        this.sanitizedQuery = sanitizedQuery;
    }

    /** {@code sql} is the text passed to {@code execute(String...)}, null for a prepared statement's. */
    @Override
    protected Object onEnter(Object statement, Object sql, Object unused) {
        Tracer.PerThread thread = Tracer.perThread();
        Span current = thread.current();
        if (current == null || !current.sampled() || !(statement instanceof Statement)) {
            return null;
        }
        InProgress inProgress = IN_PROGRESS.of(thread);
        if (inProgress.call != null) {
            return null;
        }
        // Marked before the metadata is read: queries it runs are not the app's.
        inProgress.call = statement;
        Span span = null;
        boolean started = false;
        try {
            SqlFacts facts = ConnectionFacts.of(((Statement) statement).getConnection());
            span = tracer.startChild(Span.Kind.BACKEND, facts.name());
            if (span != null) {
                span.sql(facts, preparation(statement), sanitizedQuery ? query(statement, sql) : null);
                started = true;
            }
            return span;
        } catch (SQLException e) {
            return null; // a closed statement: the driver says so to the app itself
        } finally {
            if (!started) {
                // Nothing for exit to end: the thread's mark goes now, and a span begun goes ended.
                inProgress.call = null;
                tracer.end(span, false, null);
            }
        }
    }

    @Override
    protected void onExit(Object token, Object statement, Object result, Throwable thrown) {
        IN_PROGRESS.current().call = null;
        Span span = (Span) token;
        if (thrown != null) {
            // A SQLException is the database's answer (a constraint, a syntax error): remote.
            span.cause(thrown, thrown instanceof SQLException);
        }
        tracer.end(span, false, null);
    }

    /** X-Ray's {@code preparation}: {@code call} or {@code statement} for a prepared one; null for a plain Statement. */
    static String preparation(Object statement) {
        if (statement instanceof CallableStatement) {
            return "call";
        }
        return statement instanceof PreparedStatement ? "statement" : null;
    }

    private static String query(Object statement, Object sql) {
        String text = sql instanceof String ? (String) sql : PreparedSql.of(statement);
        return text == null ? null : SqlSanitizer.sanitize(text);
    }
}
