package io.telemetryagent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OutboundCallTest {

    @Test
    void readsAContentLengthHeader() {
        assertEquals(10, OutboundCall.contentLength(" 10 "));
        assertEquals(-1, OutboundCall.contentLength("ten"));
        assertEquals(-1, OutboundCall.contentLength(null));
    }
}
