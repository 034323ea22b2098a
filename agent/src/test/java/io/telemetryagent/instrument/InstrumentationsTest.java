package io.telemetryagent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstrumentationsTest {

    @Test
    void premainNamesExactlyTheInstrumentedClasses() {
        List<String> instrumented = new ArrayList<>();
        for (TypeInstrumentation t : Instrumentations.all()) {
            instrumented.add(t.className());
        }
        assertEquals(new HashSet<>(instrumented), new HashSet<>(Instrumentations.classNames()));
        assertEquals(instrumented.size(), Instrumentations.classNames().size(), "no class listed twice");
    }
}
