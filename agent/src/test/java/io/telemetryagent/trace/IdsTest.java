package io.telemetryagent.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void traceIdCarriesTheEpochSecondInHex() {
        String id = Ids.newTraceId(0x5759e988L);
        assertTrue(id.startsWith("1-5759e988-"), id);
        assertTrue(Ids.isTraceId(id), id);
        assertEquals(35, id.length());
    }

    @Test
    void traceIdsAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(Ids.newTraceId(1_700_000_000L)));
        }
    }

    @Test
    void segmentIdsAreSixteenHexDigits() {
        for (int i = 0; i < 1000; i++) {
            String id = Ids.newSegmentId();
            assertTrue(Ids.isSegmentId(id), id);
            assertEquals(id, id.toLowerCase());
        }
    }
}
