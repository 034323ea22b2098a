package io.telemetryagent.it;

import static io.telemetryagent.it.Exchanges.pipeOf;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 17: a PetClinic-like app ({@code src/hosts/petclinic}: Spring MVC, Spring Data JPA and
 * Hibernate 6.5 on H2 through Boot's HikariCP, Boot 3.3) shows the queries Hibernate sends as SQL
 * subsegments under the request's pipe, one per statement, and nothing for what the app did at
 * start-up or the pool did on its own.
 */
@ExtendWith(HostOutputOnFailure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PetClinicJpaTest {

    private XRayReceiver receiver;
    private HostJvm host;

    @BeforeAll
    void startApp() {
        receiver = XRayReceiver.startNew();
        Path classes = HostSources.compile(ContainerRow.PETCLINIC_JPA);
        host = HostJvm.builder(ContainerRow.PETCLINIC_JPA.mainClass)
                // With the statements' text (literals removed), to tell Hibernate's queries apart.
                .config(Configs.to(receiver).serviceName("petclinic").set("sanitized_query", true))
                .classpath(classes, ContainerRow.PETCLINIC_JPA.lib().resolve("*"))
                .jvmOption("-XX:TieredStopAtLevel=1")
                .readyTimeout(Duration.ofSeconds(120))
                .start();
    }

    @AfterAll
    void stopApp() {
        Support.closeAll(host, receiver);
    }

    private XRayTrace get(String label, String path, String expectedBody) {
        String marker = HostJvm.marker(label);
        HttpResult response = host.get(path, Map.of("User-Agent", marker));
        assertEquals(200, response.status(), response.toString());
        assertEquals(expectedBody, response.body());
        return Support.traceOf(receiver, marker);
    }

    private static List<XRaySpan> sqlOf(XRayTrace trace) {
        return trace.spans().filter(s -> s.has("/sql")).collect(Collectors.toList());
    }

    /** What every statement Hibernate sent says of its database: H2 in memory, as Boot's pool reaches it. */
    private static void assertH2Statement(XRaySpan sql, XRaySpan pipe, String tree) {
        assertAll(tree,
                () -> assertEquals("remote", sql.namespace()),
                () -> assertSame(pipe, sql.parent(), "under the request's pipe"),
                () -> assertEquals("PETCLINIC", sql.name()),
                () -> assertEquals("jdbc:h2:mem:petclinic", sql.text("/sql/url"), "without its parameters"),
                () -> assertEquals("H2", sql.text("/sql/database_type")),
                () -> assertEquals("SA", sql.text("/sql/user")),
                () -> assertEquals("statement", sql.text("/sql/preparation"), "Hibernate prepares every statement"),
                () -> assertFalse(sql.text("/sql/driver_version").isEmpty()),
                () -> assertFalse(sql.text("/sql/sanitized_query").matches(".*'.*|.*\\b(Franklin|Davis|Jewel|Dav|Fr)\\b.*"),
                        "no literal: " + sql.text("/sql/sanitized_query")),
                () -> assertFalse(sql.fault()),
                () -> assertTrue(sql.startTime() >= pipe.startTime() && sql.endTime() <= pipe.endTime(),
                        "inside the pipe's time"));
    }

    /** What a statement does to which table, from its sanitized text: {@code select count from owner}. */
    private static String kind(XRaySpan sql) {
        String query = sql.text("/sql/sanitized_query").toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher table = java.util.regex.Pattern.compile("(?:from|into) (\\w+)").matcher(query);
        String verb = query.substring(0, query.indexOf(' '));
        return verb + (query.contains("count(") ? " count" : "") + (table.find() ? " " + table.group(0) : "");
    }

    @Test
    void anOwnersPageShowsItsThreeQueriesUnderTheRequest() {
        XRayTrace trace = get("owner", "/owners/1", "Franklin: Basil,Leo (of 2 owners)");
        XRaySpan pipe = pipeOf(trace);
        List<XRaySpan> sql = sqlOf(trace);
        assertEquals("GET /owners/:ownerId", pipe.name());
        // The owner, its pets (a lazy collection, loaded when the handler walks it), the count.
        assertEquals(List.of("select from owner", "select from pet", "select count from owner"),
                sql.stream().map(PetClinicJpaTest::kind).collect(Collectors.toList()), trace.tree());
        for (XRaySpan statement : sql) {
            assertH2Statement(statement, pipe, trace.tree());
        }
        Support.assertNoSchemaViolations(receiver);
    }

    @Test
    void aDerivedQueryIsOneSubsegment() {
        XRayTrace trace = get("find", "/owners?lastName=Dav", "Davis");
        XRaySpan pipe = pipeOf(trace);
        List<XRaySpan> sql = sqlOf(trace);
        assertEquals("GET /owners", pipe.name());
        assertEquals(List.of("select from owner"), sql.stream().map(PetClinicJpaTest::kind).collect(Collectors.toList()));
        assertTrue(sql.get(0).text("/sql/sanitized_query").contains("like ?"), sql.get(0).text("/sql/sanitized_query"));
        assertH2Statement(sql.get(0), pipe, trace.tree());
    }

    @Test
    void anInsertAtCommitIsRecordedUnderTheRequestToo() throws IOException, InterruptedException {
        String marker = HostJvm.marker("add-pet");
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(host.url("/owners/2/pets?name=Jewel")))
                        .header("User-Agent", marker).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        XRayTrace trace = Support.traceOf(receiver, marker);
        XRaySpan pipe = pipeOf(trace);
        List<XRaySpan> sql = sqlOf(trace);
        assertEquals("POST /owners/:ownerId/pets", pipe.name());
        // The owner, then the pet's insert as the transaction commits (its id comes from the block of
        // ids Hibernate's pooled sequence fetched at start-up: no sequence query here).
        assertEquals(List.of("select from owner", "insert into pet"),
                sql.stream().map(PetClinicJpaTest::kind).collect(Collectors.toList()), trace.tree());
        for (XRaySpan statement : sql) {
            assertH2Statement(statement, pipe, trace.tree());
        }
    }

    @Test
    void onlyRequestsAreRecorded() {
        get("control", "/owners?lastName=Fr", "Franklin");
        Support.awaitQuiet(receiver, Duration.ofMillis(2_000), Duration.ofSeconds(20));
        // Hibernate made the schema and the app stored its owners at start-up, and the pool
        // fills itself on its own thread: no segment for any of it.
        for (var segment : receiver.segments()) {
            assertTrue(segment.at("/http/request/url").isTextual(), "a segment outside any request:\n" + segment);
        }
    }
}
