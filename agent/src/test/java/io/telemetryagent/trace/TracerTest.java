package io.telemetryagent.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TracerTest {

    private static final String ROOT = "1-5759e988-bd862e3fe1be46a994272793";
    private final List<Span> exported = new ArrayList<>();

    private Tracer tracer(int rate, boolean router, boolean pipe, boolean backend) {
        return new Tracer("orders", new Sampler(rate), exported::add, router, pipe, backend);
    }

    @AfterEach
    void clean() {
        Tracer.makeCurrent(null);
    }

    @Test
    void routerSpanIsTheSegmentAndChildrenNestUnderIt() {
        Tracer t = tracer(100, true, true, true);
        Span router = t.startInbound(null);
        Span pipe = t.startChild(Span.Kind.PIPE, "GET /orders");
        Span call = t.startChild(Span.Kind.BACKEND, "db.local");
        t.end(call, false, null);
        t.end(pipe, true, router);
        assertTrue(exported.isEmpty(), "nothing leaves before the segment ends");
        t.end(router, true, null);
        assertEquals(1, exported.size());
        Span segment = exported.get(0);
        assertSame(router, segment);
        assertEquals("orders", segment.name());
        assertEquals(List.of(pipe), segment.children());
        assertEquals(List.of(call), pipe.children());
        assertTrue(Ids.isTraceId(segment.traceId()));
        assertTrue(pipe.startEpochMicros() >= router.startEpochMicros());
        assertTrue(pipe.endEpochMicros() <= router.endEpochMicros());
        assertNull(Tracer.current());
    }

    @Test
    void joinsUpstreamTraceFromHeader() {
        Tracer t = tracer(0, true, true, true);
        Span router = t.startInbound(TraceHeader.parse("Root=" + ROOT + ";Parent=53995c3f42cd8ad8;Sampled=1"));
        assertEquals(ROOT, router.traceId());
        assertEquals("53995c3f42cd8ad8", router.upstreamParentId());
        assertTrue(router.sampled());
    }

    @Test
    void upstreamSampledZeroIsNeverExported() {
        Tracer t = tracer(100, true, true, true);
        Span router = t.startInbound(TraceHeader.parse("Root=" + ROOT + ";Sampled=0"));
        Span call = t.startChild(Span.Kind.BACKEND, "x");
        assertFalse(call.sampled());
        t.end(call, false, null);
        t.end(router, true, null);
        assertTrue(exported.isEmpty());
    }

    @Test
    void withRouterOffThePipeSpanBecomesTheSegmentOfTheSameTrace() {
        Tracer t = tracer(100, false, true, true);
        Span context = t.startInbound(TraceHeader.parse("Root=" + ROOT + ";Parent=53995c3f42cd8ad8;Sampled=1"));
        assertFalse(context.recorded());
        Span pipe = t.startChild(Span.Kind.PIPE, "GET /orders");
        assertTrue(pipe.isRoot());
        assertEquals(ROOT, pipe.traceId());
        assertEquals("53995c3f42cd8ad8", pipe.upstreamParentId());
        assertEquals("orders", pipe.name());
        t.end(pipe, true, context);
        t.end(context, true, null);
        assertEquals(List.of(pipe), exported);
    }

    @Test
    void layerThatIsOffStartsNothing() {
        Tracer t = tracer(100, true, false, false);
        t.startInbound(null);
        assertNull(t.startChild(Span.Kind.PIPE, "p"));
        assertNull(t.startChild(Span.Kind.BACKEND, "b"));
    }

    @Test
    void backendCallOutsideARequestStartsItsOwnTrace() {
        Tracer t = tracer(100, true, true, true);
        Span call = t.startChild(Span.Kind.BACKEND, "api.example.com");
        assertTrue(call.isRoot());
        assertNull(Tracer.current(), "a backend span is never made current");
        t.end(call, false, null);
        assertEquals(List.of(call), exported);
    }

    @Test
    void sampleRateZeroRecordsNoNewTrace() {
        Tracer t = tracer(0, true, true, true);
        for (int i = 0; i < 100; i++) {
            Span s = t.startInbound(null);
            t.end(s, true, null);
        }
        assertTrue(exported.isEmpty());
    }

    @Test
    void workThatOutlivesItsRequestContinuesTheTraceAsASegmentOfItsOwn() {
        Tracer t = tracer(100, true, true, true);
        Span router = t.startInbound(null);
        Span pipe = t.startChild(Span.Kind.PIPE, "GET /async");
        t.end(pipe, true, router);
        t.end(router, true, null);
        assertEquals(List.of(router), exported);

        Tracer.makeCurrent(pipe); // a task captured the pipe span and runs after the request
        Span late = t.startChild(Span.Kind.BACKEND, "api.example.com");
        t.end(late, false, null);

        assertTrue(late.isRoot());
        assertEquals(router.traceId(), late.traceId());
        assertEquals(pipe.id(), late.upstreamParentId());
        assertEquals(List.of(router, late), exported);
        assertEquals(List.of(), pipe.children(), "nothing is added to the segment already sent");
    }
    @Test
    void anUnsampledRequestRecordsNothingAndDrawsItsTraceIdOnlyWhenACallSendsIt() {
        Tracer t = tracer(0, true, true, true);
        Span request = t.startInbound(null);
        assertFalse(request.sampled());
        assertFalse(request.recorded());
        assertNull(t.startChild(Span.Kind.PIPE, "GET /orders"), "no pipe span for an unsampled request");
        assertSame(request, Tracer.current());
        Span call = t.startChild(Span.Kind.BACKEND, "db.local");
        assertFalse(call.sampled());
        assertTrue(Ids.isTraceId(call.traceId()));
        assertEquals(request.traceId(), call.traceId(), "the call carries the request's trace");
        assertSame(request.traceId(), request.traceId(), "drawn once");
        assertNull(call.id(), "never sent, so no id drawn: its header names a new Parent (BackendSpans.header)");
        t.end(call, false, null);
        t.end(request, true, null);
        assertTrue(exported.isEmpty());
        assertNull(Tracer.current());
    }

    @Test
    void aChildStartedAfterItsRootEndedIsNeverAddedToTheSentTree() {
        Tracer t = tracer(100, true, true, true);
        Span router = t.startInbound(null);
        t.end(router, false, null);
        assertNull(router.child(Ids.newSegmentId(), Span.Kind.BACKEND, "db.local"));
        assertTrue(router.children().isEmpty());
    }
    @Test
    void aSubsegmentEndingAfterItsSegmentWasSentIsExportedOnItsOwn() {
        Tracer t = tracer(100, true, true, true);
        Span router = t.startInbound(null);
        Span call = t.startChild(Span.Kind.BACKEND, "db.local");
        t.end(router, true, null);
        assertEquals(List.of(router), exported, "the segment leaves with the call in progress");
        t.end(call, false, null);
        assertEquals(List.of(router, call), exported, "the call follows once it ends");
        assertSame(router, call.parent());
    }
}
