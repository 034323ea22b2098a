package io.telemetryagent.it;

import static io.telemetryagent.it.Exchanges.pipeOf;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Jersey app ({@code src/hosts/jersey}) on embedded Tomcat, one row per Jersey generation, in
 * its own JVM with the agent: the pipe is the resource method, named by its @Path template.
 */
@ExtendWith(HostOutputOnFailure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JerseySuite {

    private XRayReceiver receiver;
    private HostJvm host;
    private Exchanges exchanges;

    abstract ContainerRow row();

    @BeforeAll
    void startApp() {
        receiver = XRayReceiver.startNew();
        exchanges = new Exchanges(receiver);
        Path classes = HostSources.compile(row());
        host = HostJvm.builder(row().mainClass)
                .config(Configs.to(receiver).serviceName("jersey-" + row().dir))
                .classpath(classes, row().lib().resolve("*"))
                .jvmOption("-XX:TieredStopAtLevel=1") // a short-lived host: C1 alone starts it twice as fast
                .readyTimeout(Duration.ofSeconds(60))
                .start();
        for (String name : new String[] {"42", "missing", "boom", "files/a/b.txt"}) {
            exchanges.send(host, name, "/api/items/" + name);
        }
    }

    @AfterAll
    void stopApp() {
        Support.closeAll(host, receiver);
    }

    @Test
    void namesThePipeByMethodAndPathTemplate() {
        assertEquals("item 42", exchanges.response("42").body());

        XRayTrace trace = exchanges.traceOf("42");
        XRaySpan pipe = pipeOf(trace);
        assertAll(
                () -> assertEquals("GET /items/:id", pipe.name()),
                () -> assertEquals("/items/{id}", pipe.text("/annotations/route"), pipe.doc().toString()),
                () -> assertEquals(200, trace.segments().get(0).status()));
        Support.assertNoSchemaViolations(receiver);
    }

    @Test
    void aTemplateVariableWithARegularExpressionIsNamedByTheVariableAlone() {
        assertEquals("file a/b.txt", exchanges.response("files/a/b.txt").body());

        XRaySpan pipe = pipeOf(exchanges.traceOf("files/a/b.txt"));
        assertAll(
                () -> assertEquals("GET /items/files/:path", pipe.name()),
                () -> assertEquals("/items/files/{path: .+}", pipe.text("/annotations/route"), pipe.doc().toString()));
        Support.assertNoSchemaViolations(receiver);
    }

    @Test
    void aMappedExceptionIsTheStatusItMapsTo() {
        assertEquals(404, exchanges.response("missing").status());

        XRayTrace trace = exchanges.traceOf("missing");
        XRaySpan segment = trace.segments().get(0);
        assertAll(
                () -> assertEquals(404, segment.status()),
                () -> assertTrue(segment.error(), "error"),
                () -> assertFalse(segment.fault(), "a mapped exception is no fault:\n" + trace.tree()),
                () -> assertEquals("GET /items/missing", pipeOf(trace).name()));
    }

    @Test
    void anUnmappedExceptionIsAFaultWithItsCause() {
        assertEquals(500, exchanges.response("boom").status());

        XRayTrace trace = exchanges.traceOf("boom");
        XRaySpan segment = trace.segments().get(0);
        JsonNode exception = segment.exception();
        assertAll(
                () -> assertEquals(500, segment.status()),
                () -> assertTrue(segment.fault(), trace.tree()),
                () -> assertEquals("java.lang.IllegalStateException", exception.path("type").asText(), exception.toString()),
                () -> assertEquals("boom from resource", exception.path("message").asText()));
    }
}
