package io.telemetryagent.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetryagent.testkit.Configs;
import io.telemetryagent.testkit.HostJvm;
import io.telemetryagent.testkit.HttpResult;
import io.telemetryagent.testkit.XRayReceiver;
import io.telemetryagent.testkit.XRaySpan;
import io.telemetryagent.testkit.XRayTrace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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
    private final Map<String, Exchange> exchanges = new HashMap<>();

    record Exchange(String userAgent, HttpResult response) {}

    abstract ContainerRow row();

    @BeforeAll
    void startApp() {
        receiver = XRayReceiver.startNew();
        Path classes = HostSources.compile(row());
        host = HostJvm.builder(row().mainClass)
                .config(Configs.to(receiver).serviceName("jersey-" + row().dir))
                .classpath(classes, row().lib().resolve("*"))
                .jvmOption("-XX:TieredStopAtLevel=1") // a short-lived host: C1 alone starts it twice as fast
                .readyTimeout(Duration.ofSeconds(60))
                .start();
        for (String name : new String[] {"42", "missing", "boom", "files/a/b.txt"}) {
            String userAgent = HostJvm.marker("item-" + name);
            exchanges.put(name, new Exchange(userAgent, host.get("/api/items/" + name, Map.of("User-Agent", userAgent))));
        }
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

    private XRayTrace traceOf(String name) {
        XRayTrace trace = Support.traceOf(receiver, exchanges.get(name).userAgent());
        assertEquals(1, trace.segments().size(), "one segment:\n" + trace.tree());
        assertEquals(1, trace.segments().get(0).children().size(), "one pipe:\n" + trace.tree());
        return trace;
    }

    @Test
    void namesThePipeByMethodAndPathTemplate() {
        assertEquals("item 42", exchanges.get("42").response().body());

        XRayTrace trace = traceOf("42");
        XRaySpan pipe = trace.segments().get(0).children().get(0);
        assertAll(
                () -> assertEquals("GET /items/:id", pipe.name()),
                () -> assertEquals("/items/{id}", pipe.text("/annotations/route"), pipe.doc().toString()),
                () -> assertEquals(200, trace.segments().get(0).status()));
        Support.assertNoSchemaViolations(receiver);
    }

    @Test
    void aTemplateVariableWithARegularExpressionIsNamedByTheVariableAlone() {
        assertEquals("file a/b.txt", exchanges.get("files/a/b.txt").response().body());

        XRaySpan pipe = traceOf("files/a/b.txt").segments().get(0).children().get(0);
        assertAll(
                () -> assertEquals("GET /items/files/:path", pipe.name()),
                () -> assertEquals("/items/files/{path: .+}", pipe.text("/annotations/route"), pipe.doc().toString()));
        Support.assertNoSchemaViolations(receiver);
    }

    @Test
    void aMappedExceptionIsTheStatusItMapsTo() {
        assertEquals(404, exchanges.get("missing").response().status());

        XRayTrace trace = traceOf("missing");
        XRaySpan segment = trace.segments().get(0);
        assertAll(
                () -> assertEquals(404, segment.status()),
                () -> assertTrue(segment.error(), "error"),
                () -> assertFalse(segment.fault(), "a mapped exception is no fault:\n" + trace.tree()),
                () -> assertEquals("GET /items/missing", trace.segments().get(0).children().get(0).name()));
    }

    @Test
    void anUnmappedExceptionIsAFaultWithItsCause() {
        assertEquals(500, exchanges.get("boom").response().status());

        XRayTrace trace = traceOf("boom");
        XRaySpan segment = trace.segments().get(0);
        JsonNode exception = segment.exception();
        assertAll(
                () -> assertEquals(500, segment.status()),
                () -> assertTrue(segment.fault(), trace.tree()),
                () -> assertEquals("java.lang.IllegalStateException", exception.path("type").asText(), exception.toString()),
                () -> assertEquals("boom from resource", exception.path("message").asText()));
    }
}
