package io.telemetryagent.instrument.jdbc;

import io.telemetryagent.instrument.WeakIdentityTable;
import io.telemetryagent.trace.SqlFacts;
import java.sql.Connection;
import java.sql.DatabaseMetaData;

/**
 * The {@link SqlFacts} of each driver connection, read from its metadata the first time a sampled
 * statement runs on it and kept beside it, weakly: never on every statement, as some drivers'
 * metadata runs queries of its own (HSQLDB's user name, H2's catalog) and a pool keeps its
 * connections for hours. The caller has marked its thread as in a statement, so such queries
 * record nothing.
 */
final class ConnectionFacts {

    /** The X-Ray SDK's name for a database it cannot name. */
    static final String UNKNOWN_DATABASE = "database";
    private static final SqlFacts UNKNOWN = new SqlFacts(UNKNOWN_DATABASE, null, null, null, null, null);

    /** Bounded: a host with more live connections than this reads the rest per statement. */
    private static final WeakIdentityTable<SqlFacts> BY_CONNECTION = new WeakIdentityTable<>(16_384);

    private ConnectionFacts() {}

    /** The facts of {@code connection}, read now if not yet known. */
    static SqlFacts of(Connection connection) {
        if (connection == null) {
            return UNKNOWN;
        }
        SqlFacts known = BY_CONNECTION.get(connection);
        if (known == null) {
            known = read(connection);
            BY_CONNECTION.putIfAbsent(connection, known);
        }
        return known;
    }

    /** Reads what the driver tells; a value it fails to give is left out, the rest kept. */
    static SqlFacts read(Connection connection) {
        DatabaseMetaData meta;
        try {
            meta = connection.getMetaData();
        } catch (Exception | LinkageError e) {
            return UNKNOWN;
        }
        if (meta == null) {
            return UNKNOWN;
        }
        String url = null;
        String type = null;
        String version = null;
        String driver = null;
        String user = null;
        String catalog = null;
        try {
            url = JdbcUrls.sanitize(meta.getURL());
        } catch (Exception | LinkageError e) {
            // left out
        }
        try {
            type = meta.getDatabaseProductName();
        } catch (Exception | LinkageError e) {
            // left out
        }
        try {
            version = meta.getDatabaseProductVersion();
        } catch (Exception | LinkageError e) {
            // left out
        }
        try {
            driver = meta.getDriverVersion();
        } catch (Exception | LinkageError e) {
            // left out
        }
        try {
            user = meta.getUserName();
        } catch (Exception | LinkageError e) {
            // left out
        }
        try {
            catalog = connection.getCatalog();
        } catch (Exception | LinkageError e) {
            // left out
        }
        return new SqlFacts(name(catalog, JdbcUrls.host(url)), url, type, version, driver, user);
    }

    /** {@code database@host} as the X-Ray SDK names it; without {@code @host} for an embedded database. */
    static String name(String catalog, String host) {
        String database = catalog == null || catalog.isEmpty() ? UNKNOWN_DATABASE : catalog;
        return host == null ? database : database + "@" + host;
    }
}
