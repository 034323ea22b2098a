package io.telemetryagent.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The inbound {@code X-Amzn-Trace-Id} parser against anything a client can send (issue 18 item 4).
 * Every build runs the seeds and past findings (TraceHeaderFuzzTestInputs); scripts/fuzz fuzzes.
 */
class TraceHeaderFuzzTest {

    /** For Jazzer's own driver, which scripts/fuzz runs for long: the same property. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        new TraceHeaderFuzzTest().readsAnyHeaderIntoIdsXRayAcceptsOrNothing(data);
    }

    @FuzzTest(maxDuration = "10s")
    void readsAnyHeaderIntoIdsXRayAcceptsOrNothing(FuzzedDataProvider data) {
        String value = data.consumeRemainingAsString();
        TraceHeader header = TraceHeader.parse(value);
        if (header == null) {
            return;
        }
        String root = header.root();
        assertTrue(Ids.isTraceId(root) && isLowercase(root), () -> "trace id X-Ray refuses: " + root);
        String parent = header.parent();
        assertTrue(parent == null || Ids.isSegmentId(parent) && isLowercase(parent), () -> "parent id X-Ray refuses: " + parent);
        // What goes downstream is a header any HTTP client sends: visible ASCII and spaces only.
        String outbound = TraceHeader.format(root, parent, header.sampling() != TraceHeader.Sampling.NOT_SAMPLED,
                header.lineage());
        for (int i = 0; i < outbound.length(); i++) {
            char c = outbound.charAt(i);
            assertTrue(c >= 0x20 && c < 0x7f, () -> "outbound header with " + (int) c + ": " + outbound);
        }
        // And it reads back as the same trace.
        TraceHeader again = TraceHeader.parse(outbound);
        if (outbound.length() <= TraceHeader.MAX_LENGTH) {
            assertEquals(root, again.root());
            assertEquals(parent, again.parent());
            assertEquals(header.lineage(), again.lineage());
        }
    }

    private static boolean isLowercase(String id) {
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) >= 'A' && id.charAt(i) <= 'Z') {
                return false;
            }
        }
        return true;
    }
}
