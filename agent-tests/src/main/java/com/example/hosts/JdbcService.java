package com.example.hosts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A service on the JDK's HTTP server that runs SQL on real databases: H2 and HSQLDB in memory,
 * and PostgreSQL when {@code -Djdbc.postgres.url} names its server's {@code postgres} database (the
 * host then makes a database of its own, {@code -Djdbc.postgres.database}). Each database holds a table
 * {@code items(id, name)} made at start-up, outside any request. Every URL carries a password,
 * which must never reach X-Ray. Prints {@code READY <port>}.
 *
 * <pre>
 * /sql?db=D&amp;via=V&amp;kind=K    runs one statement and answers 200 with its result, or 500 "error: ..."
 *   D: h2 | hsqldb | postgres
 *   V: driver   a new connection from DriverManager (closed after)
 *      hikari   a HikariCP pool that checks each connection it hands out with connectionTestQuery
 *               (run with -Dcom.zaxxer.hikari.aliveBypassWindowMs=0: on every borrow)
 *      template Spring's JdbcTemplate over that pool (K: query or prepared only)
 *   K: query     Statement.executeQuery with literals in its text
 *      prepared  PreparedStatement.executeQuery with a parameter
 *      call      CallableStatement.execute
 *      batch     PreparedStatement.executeBatch of three updates
 *      update    Statement.executeUpdate
 *      fail      Statement.executeQuery on a table that does not exist
 * </pre>
 */
public final class JdbcService {

    /** The secret in every URL: a test looks for it in every byte the agent exports. */
    public static final String PASSWORD = "Db-Secret-7f3a9c";
    /** The literal the query kind carries in its text: kept only without sanitized_query. */
    public static final String LITERAL = "literal-7f3a9c";

    private static final Map<String, String> URLS = new LinkedHashMap<>();
    private static final Map<String, HikariDataSource> POOLS = new LinkedHashMap<>();

    private JdbcService() {}

    public static void main(String[] args) throws Exception {
        URLS.put("h2", "jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1;USER=sa;PASSWORD=" + PASSWORD);
        URLS.put("hsqldb", "jdbc:hsqldb:mem:orders;user=SA;password=" + PASSWORD);
        String postgres = System.getProperty("jdbc.postgres.url");
        if (postgres != null) {
            // A database of this host's own (hosts may share a server): made from the server's default one.
            String database = System.getProperty("jdbc.postgres.database", "orders");
            try (Connection c = DriverManager.getConnection(postgres); Statement s = c.createStatement()) {
                s.executeUpdate("CREATE DATABASE " + database);
            }
            URLS.put("postgres", postgres.replace("/postgres?", "/" + database + "?"));
        }
        for (Map.Entry<String, String> db : URLS.entrySet()) {
            try (Connection c = DriverManager.getConnection(db.getValue()); Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(50))");
                s.executeUpdate("INSERT INTO items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
            }
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(db.getValue());
            config.setMaximumPoolSize(2);
            config.setConnectionTestQuery("hsqldb".equals(db.getKey()) ? "SELECT 1 FROM INFORMATION_SCHEMA.SYSTEM_USERS" : "SELECT 1");
            config.setPoolName(db.getKey());
            POOLS.put(db.getKey(), new HikariDataSource(config));
        }
        HttpServer server = Http.create(0, 50);
        server.createContext("/sql", JdbcService::sql);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("READY " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void sql(HttpExchange exchange) throws IOException {
        Map<String, String> query = Http.query(exchange);
        String db = query.getOrDefault("db", "h2");
        String via = query.getOrDefault("via", "driver");
        String kind = query.getOrDefault("kind", "query");
        try {
            String result = "template".equals(via) ? template(db, kind) : run(connect(db, via), db, kind);
            Http.respond(exchange, 200, result);
        } catch (SQLException | RuntimeException e) {
            Http.respond(exchange, 500, "error: " + e.getClass().getSimpleName());
        }
    }

    private static Connection connect(String db, String via) throws SQLException {
        return "hikari".equals(via) ? POOLS.get(db).getConnection() : DriverManager.getConnection(URLS.get(db));
    }

    private static String run(Connection connection, String db, String kind) throws SQLException {
        try (Connection c = connection) {
            switch (kind) {
                case "query":
                    try (Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery("SELECT name FROM items WHERE id = 2 AND name <> '" + LITERAL + "'")) {
                        return rs.next() ? rs.getString(1) : "none";
                    }
                case "prepared":
                    try (PreparedStatement s = c.prepareStatement("SELECT name FROM items WHERE id = ?")) {
                        s.setInt(1, 3);
                        try (ResultSet rs = s.executeQuery()) {
                            return rs.next() ? rs.getString(1) : "none";
                        }
                    }
                case "call":
                    try (CallableStatement s = c.prepareCall("postgres".equals(db) ? "{call abs(?)}" : "CALL ABS(?)")) {
                        s.setInt(1, -3);
                        return "called " + s.execute();
                    }
                case "batch":
                    try (PreparedStatement s = c.prepareStatement("UPDATE items SET name = ? WHERE id = ?")) {
                        for (int id = 1; id <= 3; id++) {
                            s.setString(1, "item " + id);
                            s.setInt(2, id);
                            s.addBatch();
                        }
                        return "updated " + s.executeBatch().length;
                    }
                case "update":
                    try (Statement s = c.createStatement()) {
                        return "updated " + s.executeUpdate("UPDATE items SET name = 'two' WHERE id = 2");
                    }
                case "fail":
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM no_such_table")) {
                        return "unexpected";
                    }
                default:
                    throw new IllegalArgumentException("kind " + kind);
            }
        }
    }

    private static String template(String db, String kind) {
        JdbcTemplate template = new JdbcTemplate(POOLS.get(db));
        if ("query".equals(kind)) {
            return template.queryForObject("SELECT name FROM items WHERE id = 2 AND name <> '" + LITERAL + "'", String.class);
        }
        return template.queryForObject("SELECT name FROM items WHERE id = ?", String.class, 3);
    }
}
