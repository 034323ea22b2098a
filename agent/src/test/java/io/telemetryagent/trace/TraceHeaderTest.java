package io.telemetryagent.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TraceHeaderTest {

    private static final String ROOT = "1-5759e988-bd862e3fe1be46a994272793";
    private static final String PARENT = "53995c3f42cd8ad8";

    @Test
    void parsesTheCanonicalHeader() {
        TraceHeader h = TraceHeader.parse("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1");
        assertNotNull(h);
        assertEquals(ROOT, h.root());
        assertEquals(PARENT, h.parent());
        assertEquals(TraceHeader.Sampling.SAMPLED, h.sampling());
        assertNull(h.lineage());
    }

    @Test
    void acceptsKeysInAnyOrderAndSpaces() {
        TraceHeader h = TraceHeader.parse("Sampled=0; Parent=" + PARENT + "; Root=" + ROOT);
        assertEquals(ROOT, h.root());
        assertEquals(PARENT, h.parent());
        assertEquals(TraceHeader.Sampling.NOT_SAMPLED, h.sampling());
    }

    @Test
    void acceptsSelfFromLoadBalancers() {
        TraceHeader h = TraceHeader.parse("Self=1-67891234-12456789abcdef012345678;Root=" + ROOT + ";Sampled=?");
        assertEquals(ROOT, h.root());
        assertNull(h.parent());
        assertEquals(TraceHeader.Sampling.REQUESTED, h.sampling());
    }

    @Test
    void readsUppercaseHexIdsInLowercase() {
        // Issue 18: an upstream Root= in uppercase was written into trace_id as is, and X-Ray
        // refused the document.
        TraceHeader h = TraceHeader.parse("Root=1-5759E988-BD862E3FE1BE46A994272793;Parent=53995C3F42CD8AD8;Sampled=1");
        assertEquals(ROOT, h.root());
        assertEquals(PARENT, h.parent());
        TraceHeader mixed = TraceHeader.parse("Root=1-5759e988-Bd862e3fe1be46a994272793;Parent=53995c3f42Cd8aD8");
        assertEquals(ROOT, mixed.root());
        assertEquals(PARENT, mixed.parent());
        assertTrue(Ids.isTraceId(h.root()) && Ids.isSegmentId(h.parent()));
    }

    @Test
    void dropsALineageNoHttpClientCouldSendOn() {
        // Jazzer's finding (TraceHeaderFuzzTestInputs/.../finding-lineage-not-ascii): a Lineage with
        // a non-ASCII character went into the outbound header, which java.net.http refuses.
        TraceHeader h = TraceHeader.parse("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1;Lineage=a8\u05e2d80c:1");
        assertEquals(ROOT, h.root());
        assertNull(h.lineage());
        assertNull(TraceHeader.parse("Root=" + ROOT + ";Lineage=a\u0001b").lineage());
        assertEquals("a b:1", TraceHeader.parse("Root=" + ROOT + ";Lineage=a b:1").lineage());
    }

    @Test
    void keepsLineage() {
        TraceHeader h = TraceHeader.parse("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1;Lineage=a87bd80c:1|68fd508a:5");
        assertEquals("a87bd80c:1|68fd508a:5", h.lineage());
    }

    @Test
    void rootWithoutParentOrSampledLeavesTheDecisionOpen() {
        TraceHeader h = TraceHeader.parse("Root=" + ROOT);
        assertNull(h.parent());
        assertEquals(TraceHeader.Sampling.ABSENT, h.sampling());
    }

    @Test
    void ignoresMalformedHeaders() {
        String[] bad = {
            "", "garbage", "Root=", "Root=1-5759e988", "Parent=" + PARENT + ";Sampled=1",
            "Root=2-5759e988-bd862e3fe1be46a994272793", "Root=1-5759e98g-bd862e3fe1be46a994272793",
            "Root=" + ROOT + ";Parent=53995c3f42cd8ad", "Root=" + ROOT + ";Parent=zz995c3f42cd8ad8",
            "Root=" + ROOT + ";Sampled=yes", "Root=" + ROOT + ";Root=" + ROOT, "Root=" + ROOT + ";junk",
        };
        for (String value : bad) {
            assertNull(TraceHeader.parse(value), value);
        }
        assertNull(TraceHeader.parse(null));
    }

    @Test
    void ignoresHeadersOver256Characters() {
        StringBuilder b = new StringBuilder("Root=" + ROOT + ";Sampled=1;Lineage=");
        while (b.length() <= 256) {
            b.append('a');
        }
        assertNull(TraceHeader.parse(b.toString()));
    }

    @Test
    void formatsTheOutboundHeader() {
        assertEquals("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1", TraceHeader.format(ROOT, PARENT, true, null));
        assertEquals("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=0;Lineage=x:1",
                TraceHeader.format(ROOT, PARENT, false, "x:1"));
        assertEquals("Root=" + ROOT + ";Sampled=1", TraceHeader.format(ROOT, null, true, null));
    }

    @Test
    void aHeaderWithANewParentNamesARandomParentOfItsOwnEachTime() {
        String first = TraceHeader.formatNewParent(ROOT, false, null);
        String second = TraceHeader.formatNewParent(ROOT, false, null);
        assertTrue(first.matches("Root=" + ROOT + ";Parent=[0-9a-f]{16};Sampled=0"), first);
        assertTrue(second.matches("Root=" + ROOT + ";Parent=[0-9a-f]{16};Sampled=0"), second);
        assertNotEquals(first, second);
        assertTrue(TraceHeader.formatNewParent(ROOT, true, null).matches("Root=" + ROOT + ";Parent=[0-9a-f]{16};Sampled=1"));
        assertTrue(TraceHeader.formatNewParent(ROOT, false, "x:1").matches("Root=" + ROOT + ";Parent=[0-9a-f]{16};Sampled=0;Lineage=x:1"));
        TraceHeader h = TraceHeader.parse(first);
        assertEquals(ROOT, h.root());
        assertEquals(TraceHeader.Sampling.NOT_SAMPLED, h.sampling());
    }

    @Test
    void aHeaderWithANewParentDoesNotDisturbTheIdsDrawnAroundIt() {
        // Both spell on the same per-thread scratch.
        String id = Ids.newSegmentId();
        String header = TraceHeader.formatNewParent(ROOT, false, null);
        String traceId = Ids.newTraceId(0x5759e988L);
        assertTrue(Ids.isSegmentId(id));
        assertTrue(header.startsWith("Root=" + ROOT + ";Parent="), header);
        assertTrue(traceId.startsWith("1-5759e988-"), traceId);
    }

    @Test
    void formattedHeaderParsesBack() {
        TraceHeader h = TraceHeader.parse(TraceHeader.format(ROOT, PARENT, true, "l:1"));
        assertEquals(ROOT, h.root());
        assertEquals(PARENT, h.parent());
        assertEquals(TraceHeader.Sampling.SAMPLED, h.sampling());
        assertEquals("l:1", h.lineage());
    }
}
