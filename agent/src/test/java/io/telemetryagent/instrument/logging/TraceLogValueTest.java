package io.telemetryagent.instrument.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.telemetryagent.trace.Ids;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TraceLogValueTest {

    @AfterEach
    void clear() {
        Tracer.makeCurrent(null);
    }

    @Test
    void isNothingOutsideARequest() {
        assertNull(TraceLogValue.current());
    }

    @Test
    void isTheTraceIdAtTheIdOfTheCurrentSpanAsTheXRaySdkWritesIt() {
        Span segment = Span.root("1-5759e988-bd862e3fe1be46a994272793", "53995c3f42cd8ad8", null, Span.Kind.ROUTER, true, "svc");
        Span pipe = segment.child(Ids.newSegmentId(), Span.Kind.PIPE, "GET /x");
        Tracer.makeCurrent(segment);
        assertEquals("1-5759e988-bd862e3fe1be46a994272793@53995c3f42cd8ad8", TraceLogValue.current());
        Tracer.makeCurrent(pipe);
        assertEquals("1-5759e988-bd862e3fe1be46a994272793@" + pipe.id(), TraceLogValue.current());
    }

    @Test
    void isTheTraceIdAloneForAnUnsampledRequestWhichHasNoSegment() {
        Tracer.makeCurrent(Span.unrecorded("1-5759e988-bd862e3fe1be46a994272793", "53995c3f42cd8ad8", false, null));
        assertEquals("1-5759e988-bd862e3fe1be46a994272793", TraceLogValue.current());
    }

    @Test
    void followsTheCurrentSpanFromLineToLine() {
        Span first = Span.root(Ids.newTraceId(1_700_000_000L), Ids.newSegmentId(), null, Span.Kind.ROUTER, true, "svc");
        Span second = Span.root(Ids.newTraceId(1_700_000_000L), Ids.newSegmentId(), null, Span.Kind.ROUTER, true, "svc");
        Tracer.makeCurrent(first);
        assertEquals(first.traceId() + "@" + first.id(), TraceLogValue.current());
        assertEquals(first.traceId() + "@" + first.id(), TraceLogValue.current());
        Tracer.makeCurrent(second);
        assertEquals(second.traceId() + "@" + second.id(), TraceLogValue.current());
        Tracer.makeCurrent(null);
        assertNull(TraceLogValue.current());
    }
}
