package io.telemetryagent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InstrumentationsTest {

    @Test
    void premainNamesExactlyTheInstrumentedClasses() {
        List<String> instrumented = new ArrayList<>();
        for (TypeInstrumentation t : Instrumentations.all()) {
            instrumented.add(t.className());
        }
        assertEquals(Instrumentations.classNames(), instrumented);
        assertEquals(instrumented.size(), new HashSet<>(instrumented).size(), "no class listed twice");
    }

    @Test
    void everyNamedTargetIsMadeForItsOwnClass() {
        for (String className : Instrumentations.classNames()) {
            TypeInstrumentation made = Instrumentations.forClass(className);
            assertNotNull(made, className);
            assertEquals(className, made.className());
        }
        assertNull(Instrumentations.forClass("java.lang.String"));
    }

    @Test
    void opensExactlyTheModulesOfTheTargets() {
        Set<String> modules = new HashSet<>();
        for (TypeInstrumentation t : Instrumentations.all()) {
            if (t.moduleName() != null) {
                modules.add(t.moduleName());
            }
        }
        assertEquals(modules, new HashSet<>(Instrumentations.jdkModules()));
        assertEquals(modules.size(), Instrumentations.jdkModules().size(), "no module listed twice");
    }
}
