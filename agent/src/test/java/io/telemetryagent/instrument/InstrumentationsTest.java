package io.telemetryagent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.telemetryagent.bootstrap.Hook;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.trace.Sampler;
import io.telemetryagent.trace.Tracer;
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

    @Test
    void everyWovenHookIdGetsItsHookFromItsGroup() {
        Tracer tracer = new Tracer("svc", new Sampler(100), span -> { }, true, true, true);
        for (TypeInstrumentation t : Instrumentations.all()) {
            for (MethodHook hook : t.hooks()) {
                if (hook.id < 0) {
                    continue;
                }
                Hook[] hooks = new Hook[HookId.COUNT];
                Instrumentations.addGroup(hooks, Instrumentations.groupOf(hook.id), tracer, true, false);
                assertNotNull(hooks[hook.id], t.className() + " weaves hook " + hook.id + ", which its group does not make");
            }
        }
    }
}
