package io.telemetryagent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telemetryagent.bootstrap.Hook;
import io.telemetryagent.instrument.httpserver.HttpServerLibrary;
import io.telemetryagent.instrument.okhttp.OkHttpLibrary;
import io.telemetryagent.trace.Sampler;
import io.telemetryagent.trace.Tracer;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The registry: every woven hook has its implementation, no class is claimed twice, premain stays light. */
class LibrariesTest {

    private static final Tracer TRACER = new Tracer("svc", new Sampler(100), span -> { }, true, true, true);

    @Test
    void everyWovenHookHasItsImplementationAndEveryHookIsWoven() {
        Libraries libraries = new Libraries();
        List<String> problems = new ArrayList<>();
        for (Library library : libraries.all()) {
            Hooks made = new Hooks(library, libraries.hookCount());
            library.makeHooks(made, new HookSettings(TRACER, true, true));
            Set<Integer> own = new HashSet<>();
            for (Slot slot : library.slots()) {
                own.add(slot.id());
            }
            Set<Integer> woven = new HashSet<>();
            for (Target target : library.targets()) {
                for (String className : target.classNames()) {
                    for (MethodHook hook : target.weave(className)) {
                        woven.add(hook.id);
                        if (!own.contains(hook.id)) {
                            problems.add(className + " weaves hook " + hook.id + ", not one of " + library + "'s " + own);
                        } else if (made.byId()[hook.id] == null) {
                            problems.add(className + " weaves hook " + hook.id + ", for which " + library + " makes nothing");
                        }
                    }
                }
            }
            for (int id : own) {
                if (!woven.contains(id)) {
                    problems.add(library + " declares hook " + id + ", which none of its targets weaves");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void aHookWithoutImplementationIsCaught() {
        // The check above, against a library that forgets one: it must notice.
        Library forgetful = new Library("forgetful") {
            private final Slot woven = hook();

            {
                targets("com.example.Client");
            }

            @Override
            protected List<MethodHook> weave(Target target, String className) {
                return List.of(MethodHook.call(MethodHook.named("send"), woven));
            }

            @Override
            protected void makeHooks(Hooks hooks, HookSettings settings) {
            }
        };
        Libraries libraries = new Libraries(forgetful);
        Hooks made = new Hooks(forgetful, libraries.hookCount());
        forgetful.makeHooks(made, new HookSettings(TRACER));
        int id = libraries.target("com.example.Client").weave("com.example.Client").get(0).id;
        assertEquals(null, made.byId()[id]);
    }

    @Test
    void givesIdsInRegistryOrderFromZero() {
        Libraries libraries = new Libraries();
        List<Integer> ids = new ArrayList<>();
        for (Library library : libraries.all()) {
            for (Slot slot : library.slots()) {
                ids.add(slot.id());
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < libraries.hookCount(); i++) {
            expected.add(i);
        }
        assertEquals(expected, ids);
    }

    @Test
    void aClassClaimedByTwoLibrariesIsRefused() {
        Library twin = new Library("twin") {
            {
                targets("com.sun.net.httpserver.Filter$Chain");
            }

            @Override
            protected List<MethodHook> weave(Target target, String className) {
                return List.of();
            }

            @Override
            protected void makeHooks(Hooks hooks, HookSettings settings) {
            }
        };
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new Libraries(new HttpServerLibrary(), twin));
        assertEquals("com.sun.net.httpserver.Filter$Chain is a target of both com.sun.net.httpserver and twin",
                refused.getMessage());
        new Libraries(); // the registry itself claims no class twice
    }

    @Test
    void aLibraryMakesHooksOnlyForItsOwnSlots() {
        Libraries libraries = new Libraries(new HttpServerLibrary(), new OkHttpLibrary());
        Hooks okHttps = new Hooks(libraries.all().get(1), libraries.hookCount());
        Slot serverSlot = libraries.all().get(0).slots().get(0);
        assertThrows(IllegalArgumentException.class, () -> okHttps.put(serverSlot, Hook.NONE));
    }

    @Test
    void aLibraryOutsideTheRegistryHasNoIds() {
        OkHttpLibrary outside = new OkHttpLibrary();
        Target calls = outside.targets().get(0);
        IllegalStateException unnumbered = assertThrows(IllegalStateException.class,
                () -> calls.weave("okhttp3.RealCall"));
        assertEquals("a hook of OkHttp, which is not in Libraries", unnumbered.getMessage());
    }

    /**
     * premain names the targets before the bridge is in the boot loader: every library must link
     * without it, and naming them must load no weaving class, no hook and no ASM.
     */
    @Test
    void premainNamesTheTargetsWithoutTheBridgeAndWithoutWeavingClasses() throws Exception {
        URL classes = Library.class.getProtectionDomain().getCodeSource().getLocation();
        Set<String> loaded = new TreeSet<>();
        try (URLClassLoader agentOnly = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                if (name.startsWith("io.telemetryagent.bootstrap.")) {
                    throw new ClassNotFoundException(name + " (not in the boot loader yet)");
                }
                loaded.add(name);
                return super.findClass(name);
            }
        }) {
            Class<?> registry = Class.forName(Libraries.class.getName(), true, agentOnly);
            Object made = registry.getConstructor().newInstance();
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) registry.getMethod("classNames").invoke(made);
            assertEquals(new Libraries().classNames(), names);
        }
        List<String> weaving = new ArrayList<>();
        for (String name : loaded) {
            boolean allowed = name.equals(Libraries.class.getName()) || name.equals(Library.class.getName())
                    || name.equals(Target.class.getName()) || name.equals(Slot.class.getName())
                    || name.endsWith("Library");
            if (!allowed) {
                weaving.add(name);
            }
        }
        assertTrue(weaving.isEmpty(), "loaded in premain: " + weaving);
        assertTrue(loaded.contains(OkHttpLibrary.class.getName()), "the loader was the one used: " + loaded);
    }
}
