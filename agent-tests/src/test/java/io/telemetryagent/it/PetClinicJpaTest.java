package io.telemetryagent.it;

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
                .config(Configs.to(receiver).serviceName("petclinic"))
                .classpath(classes, ContainerRow.PETCLINIC_JPA.lib().resolve("*"))
                .jvmOption("-XX:TieredStopAtLevel=1")
                .readyTimeout(Duration.ofSeconds(120))
                .start();
    }

    @AfterAll
    void stopApp() {
        if (host != null) {
            host.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private XRayTrace get(String label, String path, String expectedBody) {
        String marker = HostJvm.marker(label);
        HttpResult response = host.get(path, Map.of("User-Agent", marker));
        assertEquals(200, response.status(), response.toString());
        assertEquals(expectedBody, response.body());
        return Support.traceOf(receiver, marker);
    }

    private static XRaySpan pipeOf(XRayTrace trace) {
        assertEquals(1, trace.segments().size(), "one segment:\n" + trace.tree());
        assertEquals(1, trace.segments().get(0).children().size(), "one pipe:\n" + trace.tree());
        return trace.segments().get(0).children().get(0);
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
                () -> assertEquals("jdbc:h2:mem:petclinic;DB_CLOSE_DELAY=-1", sql.text("/sql/url")),
                () -> assertEquals("H2", sql.text("/sql/database_type")),
                () -> assertEquals("SA", sql.text("/sql/user")),
                () -> assertEquals("statement", sql.text("/sql/preparation"), "Hibernate prepares every statement"),
                () -> assertFalse(sql.text("/sql/driver_version").isEmpty()),
                () -> assertFalse(sql.has("/sql/sanitized_query"), "only when sanitized_query is on"),
                () -> assertFalse(sql.fault()),
                () -> assertTrue(sql.startTime() >= pipe.startTime() && sql.endTime() <= pipe.endTime(),
                        "inside the pipe's time"));
    }

    @Test
    void anOwnersPageShowsItsThreeQueriesUnderTheRequest() {
        XRayTrace trace = get("owner", "/owners/1", "Franklin: Basil,Leo (of 2 owners)");
        XRaySpan pipe = pipeOf(trace);
        List<XRaySpan> sql = sqlOf(trace);
        assertEquals("GET /owners/:ownerId", pipe.name());
        // The owner, its pets (a lazy collection, loaded when the handler walks it), the count.
        assertEquals(3, sql.size(), "one subsegment per statement:\n" + trace.tree());
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
        assertEquals(1, sql.size(), trace.tree());
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
        // The owner, its pets (merged on save), the sequence's next value, the insert at commit: at least three.
        assertTrue(sql.size() >= 3, trace.tree());
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
