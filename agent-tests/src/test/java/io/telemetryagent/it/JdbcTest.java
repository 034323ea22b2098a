package io.telemetryagent.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.hosts.JdbcService;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.PostgresServer;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 17 item 2: SQL statements as X-Ray SQL subsegments, on real databases with their real
 * drivers ({@link JdbcService}): H2 2.3 and HSQLDB 2.7 in memory, PostgreSQL 16 started here
 * ({@link PostgresServer}) with pgJDBC 42.7; each through the driver, a HikariCP 5.1 pool that
 * checks every connection it hands out with a test query, and Spring's JdbcTemplate. One host
 * records with the defaults, one with {@code sanitized_query} on.
 */
@ExtendWith(HostOutputOnFailure.class)
class JdbcTest {

    private static XRayReceiver receiver;
    private static PostgresServer postgres;
    private static HostJvm plain;
    private static HostJvm sanitized;

    @BeforeAll
    static void start() {
        receiver = XRayReceiver.startNew();
        postgres = PostgresServer.start();
        List<HostJvm> hosts = HostJvm.startAll(List.of(host("jdbc", false), host("jdbc-sanitized", true)));
        plain = hosts.get(0);
        sanitized = hosts.get(1);
    }

    private static HostJvm.Builder host(String service, boolean sanitizedQuery) {
        return HostJvm.builder(JdbcService.class)
                .config(Configs.to(receiver).serviceName(service).set("sanitized_query", sanitizedQuery))
                .classpath(jars())
                // Three databases and their pools at start-up: slow on a busy machine.
                .readyTimeout(java.time.Duration.ofSeconds(90))
                .systemProperty("jdbc.postgres.url", postgres.jdbcUrl(JdbcService.PASSWORD))
                .systemProperty("jdbc.postgres.database", service.replace('-', '_'))
                // HikariCP then checks every connection it hands out, on the request's thread.
                .systemProperty("com.zaxxer.hikari.aliveBypassWindowMs", "0");
    }

    @AfterAll
    static void stop() {
        HostJvm.closeAll(Stream.of(plain, sanitized).filter(h -> h != null).collect(Collectors.toList()));
        if (postgres != null) {
            postgres.close();
        }
        receiver.close();
    }

    static Path[] jars() {
        try (Stream<Path> files = Files.list(Path.of("target", "host-libs-jdbc"))) {
            return files.filter(f -> f.toString().endsWith(".jar")).map(Path::toAbsolutePath).toArray(Path[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException("the JDBC libraries are copied by the pom (process-test-resources)", e);
        }
    }

    /** Runs one statement on {@code host} and returns its request's trace. */
    private static XRayTrace run(HostJvm host, String db, String via, String kind, int expectedStatus) {
        String marker = HostJvm.marker(db + "-" + via + "-" + kind);
        HttpResult response = host.get("/sql?db=" + db + "&via=" + via + "&kind=" + kind, Map.of("User-Agent", marker));
        assertEquals(expectedStatus, response.status(), response.toString());
        return Support.traceOf(receiver, marker);
    }

    private static XRaySpan onlySql(XRayTrace trace) {
        List<XRaySpan> sql = trace.spans().filter(s -> s.has("/sql")).collect(Collectors.toList());
        assertEquals(1, sql.size(), "one SQL subsegment per statement:\n" + trace.tree());
        return sql.get(0);
    }

    private static String name(String db) {
        switch (db) {
            case "h2": return "ORDERS";
            case "hsqldb": return "PUBLIC";
            default: return "jdbc@127.0.0.1";
        }
    }

    private static String url(String db) {
        switch (db) {
            case "h2": return "jdbc:h2:mem:orders";
            case "hsqldb": return "jdbc:hsqldb:mem:orders";
            default: return "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/jdbc";
        }
    }

    private static String type(String db) {
        switch (db) {
            case "h2": return "H2";
            case "hsqldb": return "HSQL Database Engine";
            default: return "PostgreSQL";
        }
    }

    private static String user(String db) {
        return "postgres".equals(db) ? "postgres" : "SA";
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "h2,       driver,   query,    ",
            "h2,       driver,   prepared, statement",
            "h2,       driver,   call,     call",
            "h2,       driver,   batch,    statement",
            "h2,       driver,   update,   ",
            "h2,       hikari,   query,    ",
            "h2,       hikari,   prepared, statement",
            "h2,       template, query,    ",
            "h2,       template, prepared, statement",
            "hsqldb,   driver,   query,    ",
            "hsqldb,   driver,   prepared, statement",
            "hsqldb,   driver,   call,     call",
            "hsqldb,   driver,   batch,    statement",
            "hsqldb,   hikari,   prepared, statement",
            "hsqldb,   template, prepared, statement",
            "postgres, driver,   query,    ",
            "postgres, driver,   prepared, statement",
            "postgres, driver,   call,     call",
            "postgres, driver,   batch,    statement",
            "postgres, driver,   update,   ",
            "postgres, hikari,   query,    ",
            "postgres, hikari,   prepared, statement",
            "postgres, template, query,    ",
            "postgres, template, prepared, statement",
    })
    void eachStatementIsOneSqlSubsegmentUnderItsRequest(String db, String via, String kind, String preparation) {
        XRayTrace trace = run(plain, db, via, kind, 200);
        XRaySpan sql = onlySql(trace);
        assertAll(trace.tree(),
                () -> assertEquals(name(db), sql.name()),
                () -> assertEquals("remote", sql.namespace()),
                () -> assertNotNull(sql.parent(), "a subsegment of the request"),
                () -> assertFalse(sql.fault()),
                () -> assertEquals(url(db), sql.text("/sql/url")),
                () -> assertEquals(type(db), sql.text("/sql/database_type")),
                () -> assertFalse(sql.text("/sql/database_version").isEmpty()),
                () -> assertFalse(sql.text("/sql/driver_version").isEmpty()),
                () -> assertEquals(user(db), sql.text("/sql/user")),
                () -> assertEquals(preparation, sql.text("/sql/preparation")),
                () -> assertFalse(sql.has("/sql/sanitized_query"), "only when sanitized_query is on"),
                () -> assertTrue(sql.endTime() >= sql.startTime()));
        Support.assertNoSchemaViolations(receiver);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "hsqldb", "postgres"})
    void aFailedStatementIsAFaultWithTheDatabasesExceptionAsRemoteCause(String db) {
        XRayTrace trace = run(plain, db, "driver", "fail", 500);
        XRaySpan sql = onlySql(trace);
        assertAll(trace.tree(),
                () -> assertTrue(sql.fault()),
                () -> assertTrue(sql.text("/cause/exceptions/0/type").contains("SQL")
                        || sql.text("/cause/exceptions/0/type").contains("PSQLException"), sql.text("/cause/exceptions/0/type")),
                () -> assertTrue(sql.doc().at("/cause/exceptions/0/remote").asBoolean()));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "h2       | driver   | query    | SELECT name FROM items WHERE id = ? AND name <> ?",
            "h2       | driver   | prepared | SELECT name FROM items WHERE id = ?",
            "h2       | driver   | call     | CALL ABS(?)",
            "h2       | hikari   | update   | UPDATE items SET name = ? WHERE id = ?",
            "hsqldb   | template | query    | SELECT name FROM items WHERE id = ? AND name <> ?",
            "hsqldb   | driver   | batch    | UPDATE items SET name = ? WHERE id = ?",
            "postgres | driver   | query    | SELECT name FROM items WHERE id = ? AND name <> ?",
            "postgres | hikari   | prepared | SELECT name FROM items WHERE id = ?",
            "postgres | driver   | call     | {call abs(?)}",
    })
    void withSanitizedQueryOnTheStatementsTextComesWithoutLiterals(String db, String via, String kind, String expected) {
        XRaySpan sql = onlySql(run(sanitized, db, via, kind, 200));
        assertEquals(expected, sql.text("/sql/sanitized_query"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void anUnsampledRequestsStatementsRecordNothing(String db) {
        String root = Support.newTraceId();
        HttpResult response = plain.get("/sql?db=" + db + "&via=hikari&kind=query",
                Map.of("X-Amzn-Trace-Id", "Root=" + root + ";Sampled=0"));
        assertEquals(200, response.status(), response.toString());
        // A sampled request after it: once its trace is in, the unsampled one's would be too.
        run(plain, db, "driver", "prepared", 200);
        assertTrue(receiver.documents().stream().noneMatch(d -> d.toString().contains(root)),
                "the unsampled request " + root + " was exported");
    }

    @Test
    void noPasswordNorLiteralLeavesTheHostAndNothingRecordsOutsideARequest() {
        for (String db : List.of("h2", "hsqldb", "postgres")) {
            run(plain, db, "driver", "query", 200);
            run(sanitized, db, "hikari", "query", 200);
        }
        List<String> documents = receiver.documents().stream().map(Object::toString).collect(Collectors.toList());
        assertTrue(documents.stream().anyMatch(d -> d.contains("\"sql\"")));
        for (String document : documents) {
            assertFalse(document.contains(JdbcService.PASSWORD), "a password was exported:\n" + document);
            assertFalse(document.contains(JdbcService.LITERAL), "a literal was exported:\n" + document);
        }
        for (HostJvm host : List.of(plain, sanitized)) {
            for (String line : host.stderrLines()) {
                assertFalse(line.contains(JdbcService.PASSWORD), "a password was logged: " + line);
            }
        }
        // The tables were made at start-up, the pools filled and checked on their own threads:
        // every segment is a request's.
        for (var segment : receiver.segments()) {
            assertTrue(segment.at("/http/request/url").isTextual(), "a segment outside any request:\n" + segment);
        }
    }
}
