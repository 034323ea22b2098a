package io.telemetryagent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telemetryagent.trace.Sampler;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.TraceHeader;
import io.telemetryagent.trace.Tracer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackendSpansTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "http://127.0.0.1:8080/orders?id=1, 127.0.0.1",
            "https://api.example.com/v1,         api.example.com",
            "http://user:secret@db.internal:5984/x, db.internal",
            "http://[::1]:8080/path,             ::1",
            "http://example.com,                 example.com",
            "http://example.com?q=a@b,           example.com",
            "example.com:81/path,                example.com",
            "'',                                 unknown",
    })
    void namesTheSubsegmentAfterTheHostOfTheUrl(String url, String host) {
        assertEquals(host, BackendSpans.hostOf(url));
    }

    private final List<Span> exported = new ArrayList<>();

    @AfterEach
    void clean() {
        Tracer.makeCurrent(null);
    }

    @Test
    void callsOfAnUnsampledTraceCarryItsRootAndAParentOfTheirOwn() {
        Tracer tracer = new Tracer("orders", new Sampler(0), exported::add, true, true, true);
        Span router = tracer.startInbound(null);
        Span first = BackendSpans.start(tracer, "GET", "http://127.0.0.1:9/a");
        Span second = BackendSpans.start(tracer, "GET", "http://127.0.0.1:9/b");
        assertNull(first.id(), "never sent, so never named");
        TraceHeader a = TraceHeader.parse(BackendSpans.header(first));
        TraceHeader b = TraceHeader.parse(BackendSpans.header(second));
        assertEquals(router.traceId(), a.root());
        assertEquals(router.traceId(), b.root(), "one trace for the request's calls");
        assertEquals(TraceHeader.Sampling.NOT_SAMPLED, a.sampling());
        assertTrue(a.parent() != null && a.parent().matches("[0-9a-f]{16}"), BackendSpans.header(first));
        assertNotEquals(a.parent(), b.parent());
        BackendSpans.finish(tracer, first, 200, 5);
        BackendSpans.finish(tracer, second, 200, 5);
        tracer.end(router, true, null);
        assertTrue(exported.isEmpty());
    }

    @Test
    void callsOfAnUnsampledUpstreamTraceKeepItsRootAndLineage() {
        Tracer tracer = new Tracer("orders", new Sampler(100), exported::add, true, true, true);
        String root = "1-5759e988-bd862e3fe1be46a994272793";
        tracer.startInbound(TraceHeader.parse("Root=" + root + ";Parent=53995c3f42cd8ad8;Sampled=0;Lineage=a:1"));
        Span call = BackendSpans.start(tracer, "GET", "http://127.0.0.1:9/a");
        TraceHeader sent = TraceHeader.parse(BackendSpans.header(call));
        assertEquals(root, sent.root());
        assertEquals(TraceHeader.Sampling.NOT_SAMPLED, sent.sampling());
        assertEquals("a:1", sent.lineage());
        assertNotEquals("53995c3f42cd8ad8", sent.parent());
        assertTrue(sent.parent().matches("[0-9a-f]{16}"));
    }

    @Test
    void aSampledCallNamesItsOwnSubsegmentAsTheParent() {
        Tracer tracer = new Tracer("orders", new Sampler(100), exported::add, true, true, true);
        tracer.startInbound(null);
        Span call = BackendSpans.start(tracer, "GET", "http://127.0.0.1:9/a");
        assertEquals(call.id(), TraceHeader.parse(BackendSpans.header(call)).parent());
        assertEquals("127.0.0.1", call.name());
    }
}
