package io.telemetryagent.instrument;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.constructors;
import static io.telemetryagent.instrument.MethodHook.field;
import static io.telemetryagent.instrument.MethodHook.inheritedField;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.none;
import static io.telemetryagent.instrument.MethodHook.result;
import static io.telemetryagent.instrument.MethodHook.self;
import static io.telemetryagent.instrument.MethodHook.yes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.Hook;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Weaves real classes ({@link WeaveTargets}), defines the woven bytes in a fresh class loader
 * (so the JVM's verifier checks them) and runs them, recording what the installed hooks saw.
 */
class HookWeaverTest {

    private static final int A = 60;
    private static final int B = 61;
    private static final int C = 62;
    private static final int D = 63;

    /** Every enter and exit any recorder saw, in order. */
    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void uninstall() {
        Bridge.uninstall();
    }

    // ---- 1. spans: token, result, thrown ----

    @Test
    void spanPassesTokenFromEnterToExitAndBoxesObjectResult() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Spans.class,
                MethodHook.span(named("object"), A, self(), argument(0)).end(self(), true, true));
        install(recorder(A));
        Object target = newInstance(woven);

        assertEquals("r:x", call(target, "object", new Class<?>[] {String.class}, "x"));

        assertEquals(2, events.size());
        Event enter = events.get(0);
        Event exit = events.get(1);
        assertEquals("enter", enter.kind);
        assertSame(target, enter.self);
        assertEquals("x", enter.arg0);
        assertNull(enter.arg1);
        assertEquals("exit", exit.kind);
        assertSame(enter.returned, exit.token);
        assertSame(target, exit.self);
        assertEquals("r:x", exit.result);
        assertNull(exit.thrown);
    }

    @Test
    void spanBoxesEveryPrimitiveResultAndGivesNullForVoid() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Spans.class,
                MethodHook.span(named("primitiveInt", "primitiveLong", "primitiveDouble", "primitiveBoolean",
                        "primitiveFloat", "primitiveChar", "nothing"), A, argument(0)).end(none(), true, true));
        install(recorder(A));
        Object target = newInstance(woven);

        assertEquals(42, call(target, "primitiveInt", new Class<?>[] {int.class}, 41));
        assertEquals(Integer.valueOf(42), lastExit().result);
        assertEquals(Integer.valueOf(41), lastEnter().self);

        assertEquals(1L << 41, call(target, "primitiveLong", new Class<?>[] {long.class}, 1L << 40));
        assertEquals(Long.valueOf(1L << 41), lastExit().result);
        assertEquals(Long.valueOf(1L << 40), lastEnter().self);

        assertEquals(1.25, call(target, "primitiveDouble", new Class<?>[] {double.class}, 2.5));
        assertEquals(Double.valueOf(1.25), lastExit().result);

        assertEquals(false, call(target, "primitiveBoolean", new Class<?>[] {boolean.class}, true));
        assertEquals(Boolean.FALSE, lastExit().result);
        assertEquals(Boolean.TRUE, lastEnter().self);

        assertEquals(7.5f, call(target, "primitiveFloat", new Class<?>[] {float.class}, 2.5f));
        assertEquals(Float.valueOf(7.5f), lastExit().result);

        assertEquals('b', call(target, "primitiveChar", new Class<?>[] {char.class}, 'a'));
        assertEquals(Character.valueOf('b'), lastExit().result);
        assertEquals(Character.valueOf('a'), lastEnter().self);

        List<String> log = new ArrayList<>();
        assertNull(call(target, "nothing", new Class<?>[] {List.class}, log));
        assertEquals(List.of("nothing ran"), log);
        Event exit = lastExit();
        assertNull(exit.result);
        assertNull(exit.thrown);
        assertSame(lastEnter().returned, exit.token);
        assertEquals(14, events.size(), "one enter and one exit per call: " + events);
    }

    @Test
    void spanEndsOnThrowWithTheExactThrowableAndRethrowsItUnchanged() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Spans.class,
                MethodHook.span(named("fails"), A, self()).end(self(), true, true));
        install(recorder(A));
        Object target = newInstance(woven);
        IllegalArgumentException boom = new IllegalArgumentException("boom");

        Throwable thrown = assertThrows(IllegalArgumentException.class,
                () -> call(target, "fails", new Class<?>[] {RuntimeException.class}, boom));

        assertSame(boom, thrown);
        assertEquals(2, events.size());
        Event exit = lastExit();
        assertSame(boom, exit.thrown);
        assertNull(exit.result);
        assertSame(events.get(0).returned, exit.token);
        assertSame(target, exit.self);
    }

    @Test
    void spanWithoutThrownStillEndsOnThrowButPassesNoThrowable() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Spans.class,
                MethodHook.span(named("fails"), A, self()).end(self(), false, false));
        install(recorder(A));
        Object target = newInstance(woven);
        IllegalArgumentException boom = new IllegalArgumentException("boom");

        assertSame(boom, assertThrows(IllegalArgumentException.class,
                () -> call(target, "fails", new Class<?>[] {RuntimeException.class}, boom)));

        Event exit = lastExit();
        assertNull(exit.thrown);
        assertNull(exit.result);
        assertSame(events.get(0).returned, exit.token);
    }

    @Test
    void methodsOwnHandlerCatchesFirstAndExitSeesTheReturn() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Spans.class,
                MethodHook.span(named("catchesOwn"), A, self()).end(self(), true, true));
        install(recorder(A));
        Object target = newInstance(woven);

        assertEquals("caught own", call(target, "catchesOwn", new Class<?>[] {boolean.class}, true));
        assertEquals("caught own", lastExit().result);
        assertNull(lastExit().thrown);

        assertEquals("ok", call(target, "catchesOwn", new Class<?>[] {boolean.class}, false));
        assertEquals("ok", lastExit().result);
        assertEquals(4, events.size());
    }

    @Test
    void methodsOwnFinallyRunsBeforeTheSpanEnds() throws Throwable {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Class<?> woven = weave(WeaveTargets.Spans.class,
                MethodHook.span(named("withFinally"), A, self()).end(self(), true, true));
        install(new Recorder(A, events) {
            @Override
            public void exit(Object token, Object self, Object result, Throwable thrown) {
                log.add("exit " + (thrown != null ? thrown.getMessage() : result));
                super.exit(token, self, result, thrown);
            }
        });
        Object target = newInstance(woven);
        Class<?>[] types = {List.class, boolean.class};

        assertEquals("ok", call(target, "withFinally", types, log, false));
        assertEquals(List.of("body", "finally", "exit ok"), log);

        log.clear();
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> call(target, "withFinally", types, log, true));
        assertEquals("from body", thrown.getMessage());
        assertEquals(List.of("finally", "exit from body"), log);
        assertSame(thrown, lastExit().thrown);
    }

    @Test
    void spanAroundSynchronizedCodeReleasesTheMonitorOnThrow() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Spans.class,
                MethodHook.span(named("synchronizedBlock"), A, self()).end(self(), true, true));
        install(recorder(A));
        Object target = newInstance(woven);
        List<String> log = new ArrayList<>();
        Class<?>[] types = {List.class, boolean.class};

        assertEquals(1, call(target, "synchronizedBlock", types, log, false));
        assertEquals(Integer.valueOf(1), lastExit().result);
        assertThrows(UnsupportedOperationException.class, () -> call(target, "synchronizedBlock", types, log, true));
        assertTrue(lastExit().thrown instanceof UnsupportedOperationException);
        assertFalse(Thread.holdsLock(log), "the method's own monitor handler ran");
        assertFalse(Thread.holdsLock(target));
    }

    // ---- 2. frames with the moved slot, static methods, slot arithmetic ----

    @Test
    void staticMethodWithManyLocalsComputesTheSameAsUnwoven() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Busy.class,
                MethodHook.span(named("busyStatic"), A, argument(1), argument(2), argument(4))
                        .end(argument(3), true, true));
        install(recorder(A));
        Class<?>[] types = {int.class, long.class, double.class, String.class, Object.class};
        Method original = WeaveTargets.Busy.class.getMethod("busyStatic", types);
        Method wovenMethod = woven.getMethod("busyStatic", types);

        for (int n = 0; n < 9; n++) {
            Object[] args = {n, 1L << 33, 0.5, "ab", n % 2 == 0 ? null : "o"};
            events.clear();
            assertEquals(invoke(original, null, args), invoke(wovenMethod, null, args), "n=" + n);
            Event enter = events.get(0);
            assertEquals(Long.valueOf(1L << 33), enter.self);
            assertEquals(Double.valueOf(0.5), enter.arg0);
            assertEquals(args[4], enter.arg1);
            Event exit = events.get(1);
            assertEquals("ab", exit.self, "the argument after the long and double");
            assertSame(enter.returned, exit.token);
            assertEquals(invoke(original, null, args), exit.result);
        }

        events.clear();
        Object[] negative = {-1, 5L, 1.0, "xyz", null};
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> invoke(wovenMethod, null, negative));
        assertSame(thrown, lastExit().thrown);
        assertEquals("xyz", lastExit().self);
    }

    @Test
    void instanceMethodWithManyLocalsComputesTheSameAsUnwoven() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Busy.class,
                MethodHook.span(named("busyInstance"), A, argument(0), argument(1), argument(4))
                        .end(argument(3), true, true));
        install(recorder(A));
        Class<?>[] types = {double.class, long.class, int.class, String.class, boolean.class};
        Object original = new WeaveTargets.Busy();
        Object target = newInstance(woven);

        for (int k = 0; k < 6; k++) {
            for (String s : new String[] {"", "a", "ab", "abcdefg", "abcd"}) {
                Object[] args = {9.0, 1L << 35, k, s, k % 2 == 1};
                events.clear();
                Object expected = call(original, "busyInstance", types, args);
                assertEquals(expected, call(target, "busyInstance", types, args));
                assertEquals(Arrays.asList(9.0, 1L << 35, k % 2 == 1),
                        Arrays.asList(events.get(0).self, events.get(0).arg0, events.get(0).arg1));
                assertEquals(expected, lastExit().result);
                assertEquals(s, lastExit().self);
            }
        }
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> call(target, "busyInstance", types, 1.0, 2L, -4, "s", true));
        assertEquals("k -4", thrown.getMessage());
        assertSame(thrown, lastExit().thrown);
        assertEquals("s", lastExit().self);
    }

    @Test
    void spanEndsWithAWideArgumentAsSelf() throws Throwable {
        // The handler's frame keeps a long argument live: its slot pair must be counted right.
        Class<?> woven = weave(WeaveTargets.Busy.class,
                MethodHook.span(named("busyInstance"), A, self()).end(argument(1), true, true),
                MethodHook.span(named("busyStatic"), B).end(argument(2), true, true));
        install(recorder(A), recorder(B));
        Object target = newInstance(woven);

        assertThrows(IllegalArgumentException.class, () -> call(target, "busyInstance",
                new Class<?>[] {double.class, long.class, int.class, String.class, boolean.class}, 1.0, 77L, -1, "s", true));
        assertEquals(Long.valueOf(77L), lastExit().self);
        assertThrows(IllegalStateException.class, () -> invoke(woven.getMethod("busyStatic",
                int.class, long.class, double.class, String.class, Object.class), null, -1, 1L, 2.5, "s", null));
        assertEquals(Double.valueOf(2.5), lastExit().self);
    }

    @Test
    void primitiveArgumentsOfEveryTypeAreBoxed() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Busy.class,
                MethodHook.call(named("primitives"), A, argument(0), argument(1), argument(2)),
                MethodHook.call(named("primitives"), B, argument(3), argument(4), argument(5)),
                MethodHook.call(named("primitives"), C, argument(6), argument(7), self()));
        install(recorder(A), recorder(B), recorder(C));
        Object target = newInstance(woven);
        Class<?>[] types = {byte.class, char.class, short.class, int.class, long.class, float.class, double.class,
                boolean.class};

        assertEquals("1c3456.07.0true",
                call(target, "primitives", types, (byte) 1, 'c', (short) 3, 4, 5L, 6.0f, 7.0, true));

        assertEquals(3, events.size());
        assertEquals(Arrays.asList((byte) 1, 'c', (short) 3), values(event(A)));
        assertEquals(Arrays.asList(4, 5L, 6.0f), values(event(B)));
        assertEquals(Arrays.asList(7.0, true, target), values(event(C)));
    }

    // ---- 3. call, atReturn, atThrow, replacements, redirect ----

    @Test
    void callDropsTheHooksResult() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Shapes.class, MethodHook.call(named("plain"), A, self(), argument(0), yes()));
        install(recorder(A));
        Object target = newInstance(woven, new Class<?>[] {String.class}, "n");

        assertEquals("a!", call(target, "plain", new Class<?>[] {String.class}, "a"));
        Event enter = lastEnter();
        assertEquals(Arrays.asList(target, "a", Boolean.TRUE), values(enter));
        assertNotNull(enter.returned, "the hook gave a token, which the woven code dropped");
        assertEquals(1, events.size());
    }

    @Test
    void atReturnOnAConstructorSeesThisInitialised() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Shapes.class, MethodHook.atReturn(constructors().arguments(2), A, self(),
                field("name", "Ljava/lang/String;"), argument(1)));
        install(recorder(A));
        List<String> items = new ArrayList<>();

        Object target = newInstance(woven, new Class<?>[] {String.class, List.class}, "n", items);

        assertEquals(Arrays.asList(target, "n", items), values(lastEnter()));
        events.clear();
        Object viaOther = newInstance(woven, new Class<?>[] {String.class}, "m");
        assertEquals(1, events.size(), "the one-argument constructor is not hooked, its delegate is");
        assertSame(viaOther, lastEnter().self);
        assertEquals("m", lastEnter().arg0);
    }

    @Test
    void atReturnRunsAtEveryReturnPointWithTheResult() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Shapes.class,
                MethodHook.atReturn(named("classify"), A, result(), argument(0), self()),
                MethodHook.atReturn(named("twice"), B, result(), argument(0)),
                MethodHook.atReturn(named("half"), C, result()),
                MethodHook.atReturn(named("none"), D, self()));
        install(recorder(A), recorder(B), recorder(C), recorder(D));
        Object target = newInstance(woven, new Class<?>[] {String.class}, "n");
        events.clear();

        int[] inputs = {-3, 0, 4, 20};
        String[] expected = {"negative", "zero", "small", "big"};
        for (int i = 0; i < inputs.length; i++) {
            assertEquals(expected[i], call(target, "classify", new Class<?>[] {int.class}, inputs[i]));
            assertEquals(Arrays.asList(expected[i], inputs[i], target), values(lastEnter()));
        }
        assertEquals(4, events.size());

        assertEquals(1L << 41, call(target, "twice", new Class<?>[] {long.class}, 1L << 40));
        assertEquals(Arrays.asList(1L << 41, 1L << 40, null), values(lastEnter()));
        assertEquals(0.75, call(target, "half", new Class<?>[] {double.class}, 1.5));
        assertEquals(Arrays.asList(0.75, null, null), values(lastEnter()));
        List<String> log = new ArrayList<>();
        call(target, "none", new Class<?>[] {List.class}, log);
        assertEquals(List.of("none ran"), log);
        assertSame(target, lastEnter().self);
        assertEquals(7, events.size());
    }

    @Test
    void atReturnWithResultOnAVoidMethodPassesNull() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Shapes.class, MethodHook.atReturn(named("none"), A, result(), self()));
        install(recorder(A));
        Object target = newInstance(woven, new Class<?>[] {String.class}, "n");

        call(target, "none", new Class<?>[] {List.class}, new ArrayList<>());
        assertEquals(Arrays.asList(null, target, null), values(lastEnter()));
    }

    @Test
    void atReturnDoesNotRunOnThrow() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Shapes.class, MethodHook.atReturn(named("maybeThrow"), A, result()));
        install(recorder(A));
        Object target = newInstance(woven, new Class<?>[] {String.class}, "n");
        events.clear();

        assertThrows(IllegalStateException.class, () -> call(target, "maybeThrow", new Class<?>[] {boolean.class}, true));
        assertTrue(events.isEmpty());
    }

    @Test
    void atThrowRunsOnlyOnThrowAndTheThrowableGoesOn() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Shapes.class, MethodHook.atThrow(named("maybeThrow"), A));
        install(recorder(A));
        Object target = newInstance(woven, new Class<?>[] {String.class}, "n");

        assertEquals("fine", call(target, "maybeThrow", new Class<?>[] {boolean.class}, false));
        assertTrue(events.isEmpty());

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> call(target, "maybeThrow", new Class<?>[] {boolean.class}, true));
        assertEquals("asked to", thrown.getMessage());
        assertEquals(1, events.size());
        assertSame(thrown, lastEnter().self);
        assertNull(lastEnter().arg0);
        assertNull(lastEnter().arg1);
    }

    @Test
    void replaceArgumentGivesTheMethodTheReplacementAndNullKeepsTheOriginal() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Shapes.class, MethodHook.replaceArgument(named("echo"), 0, A));
        install(new Recorder(A, events, enter -> "swap".equals(enter[1]) ? "new" : null));
        Object target = newInstance(woven, new Class<?>[] {String.class}, "n");
        Class<?>[] types = {String.class, int.class};

        assertEquals("newnew", call(target, "echo", types, "swap", 2));
        assertEquals(Arrays.asList(null, "swap", null), values(lastEnter()));
        assertEquals("keepkeep", call(target, "echo", types, "keep", 2));
        assertEquals("", call(target, "echo", types, null, 0));
    }

    @Test
    void replaceFieldAtReturnOfAConstructor() throws Throwable {
        List<String> replacement = new ArrayList<>(List.of("replaced"));
        Class<?> woven = weave(WeaveTargets.Shapes.class,
                MethodHook.replaceFieldAtReturn(constructors().arguments(2), "items", "Ljava/util/List;", A));
        install(new Recorder(A, events, enter -> enter[1] instanceof ArrayList ? replacement : null));
        List<String> original = new ArrayList<>();

        Object target = newInstance(woven, new Class<?>[] {String.class, List.class}, "n", original);
        assertSame(replacement, woven.getField("items").get(target));
        assertSame(original, lastEnter().arg0);

        Object kept = newInstance(woven, new Class<?>[] {String.class, List.class}, "n", List.of());
        assertEquals(List.of(), woven.getField("items").get(kept), "null from the hook keeps the field");
    }

    @Test
    void redirectCallMakesTheInterfaceCallAStaticOne() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Shapes.class, MethodHook.redirectCall(named("runIt"), 300,
                "java/lang/Runnable", "run", "()V",
                "io/telemetryagent/instrument/WeaveTargets$Redirects", "run", "(Ljava/lang/Runnable;I)V"));
        Object target = newInstance(woven, new Class<?>[] {String.class}, "n");
        List<String> log = new ArrayList<>();
        WeaveTargets.Redirects.CALLS.clear();

        assertEquals("ran", call(target, "runIt", new Class<?>[] {Runnable.class, List.class},
                (Runnable) () -> log.add("task"), log));

        assertEquals(List.of("task", "after run", "task"), log);
        assertEquals(List.of("redirected 300", "redirected 300"), WeaveTargets.Redirects.CALLS, "with the hook's id");
    }

    // ---- 4. fields ----

    @Test
    void declaredFieldsAreReadAndBoxed() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Fields.class,
                MethodHook.call(named("describe"), A, field("count", "I"), field("label", "Ljava/lang/String;"),
                        field("big", "J")),
                MethodHook.span(named("describe"), B, field("flag", "Z"), field("ratio", "D"))
                        .end(field("label", "Ljava/lang/String;"), true, true));
        install(recorder(A), recorder(B));
        Object target = newInstance(woven);

        assertEquals("described", call(target, "describe", new Class<?>[0]));
        assertEquals(Arrays.asList(7, "L", 1L << 40), values(event(A)));
        assertEquals(Arrays.asList(true, 0.25, null), values(event(B)));
        assertEquals("L", lastExit().self);
    }

    @Test
    void unknownFieldLeavesTheMethodUnwovenWithAWarning() throws Throwable {
        byte[] classfile = classBytes(WeaveTargets.Fields.class);
        List<MethodHook> hooks = List.of(
                MethodHook.call(named("describe"), A, field("missing", "I")),
                MethodHook.call(named("describe"), B, field("count", "J")),
                MethodHook.call(named("other"), C, field("count", "I")));
        byte[][] out = new byte[1][];
        String warnings = captureStderr(() -> out[0] = checkedWeave(hooks, classfile));
        byte[] woven = out[0];

        assertNotNull(woven, "other() is still woven");
        assertTrue(warnings.contains("WeaveTargets$Fields.describe") && warnings.contains("no field missing of type I"),
                warnings);
        assertTrue(warnings.contains("no field count of type J"), warnings);
        install(recorder(A), recorder(B), recorder(C));
        Object target = newInstance(define(WeaveTargets.Fields.class.getName(), woven));

        assertEquals("described", call(target, "describe", new Class<?>[0]));
        assertTrue(events.isEmpty());
        assertEquals("other", call(target, "other", new Class<?>[0]));
        assertEquals(Arrays.asList(7, null, null), values(event(C)));

        String onlyBad = captureStderr(() -> assertNull(checkedWeave(hooks.subList(0, 1), classfile)));
        assertTrue(onlyBad.contains("no field missing"), onlyBad);
    }

    @Test
    void unknownFieldInASpansExitLeavesTheMethodUnwoven() throws Throwable {
        byte[] classfile = classBytes(WeaveTargets.Fields.class);
        String warnings = captureStderr(() -> assertNull(checkedWeave(List.of(
                MethodHook.span(named("describe"), A).end(field("gone", "Ljava/lang/Object;"), true, true)), classfile)));
        assertTrue(warnings.contains("no field gone"), warnings);
    }

    @Test
    void inheritedProtectedFieldIsRead() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Sub.class,
                MethodHook.span(named("connect"), A, inheritedField("connected", "Z"), inheritedField("code", "I"))
                        .end(inheritedField("connected", "Z"), true, true));
        install(recorder(A));
        Object target = newInstance(woven);

        assertEquals("connected", call(target, "connect", new Class<?>[0]));
        assertEquals(Arrays.asList(false, 200, null), values(lastEnter()));
        assertEquals(Boolean.TRUE, lastExit().self);
    }

    // ---- 5. failing hooks ----

    @Test
    void hooksThatThrowNeverDisturbTheHost() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Spans.class,
                MethodHook.span(named("object"), A, self()).end(self(), true, true),
                MethodHook.span(named("fails"), B, self()).end(self(), true, true),
                MethodHook.call(named("primitiveInt"), C),
                MethodHook.replaceArgument(named("object"), 0, D));
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        Hook throwsOnExit = new Hook() {
            @Override
            public Object enter(Object self, Object arg0, Object arg1) {
                calls.add("enter");
                return "token";
            }

            @Override
            public void exit(Object token, Object self, Object result, Throwable thrown) {
                calls.add("exit " + token);
                throw new Error("hook failed at exit");
            }
        };
        Hook throwsOnEnter = new Hook() {
            @Override
            public Object enter(Object self, Object arg0, Object arg1) {
                calls.add("enter that throws");
                throw new IllegalStateException("hook failed at enter");
            }

            @Override
            public void exit(Object token, Object self, Object result, Throwable thrown) {
                calls.add("exit that should not run");
            }
        };
        install(slot(A, throwsOnExit), slot(B, throwsOnExit), slot(C, throwsOnEnter), slot(D, throwsOnEnter));
        Object target = newInstance(woven);

        assertEquals("r:x", call(target, "object", new Class<?>[] {String.class}, "x"));
        IllegalArgumentException boom = new IllegalArgumentException("host's own");
        assertSame(boom, assertThrows(IllegalArgumentException.class,
                () -> call(target, "fails", new Class<?>[] {RuntimeException.class}, boom)));
        assertEquals(6, call(target, "primitiveInt", new Class<?>[] {int.class}, 5));

        // object(): the span's enter, then the replacement woven after it, then the span's exit.
        assertEquals(List.of("enter", "enter that throws", "exit token", "enter", "exit token", "enter that throws"),
                calls);

        // A throwing enter of a span: no token, no exit.
        calls.clear();
        install(slot(A, throwsOnEnter));
        assertEquals("r:y", call(target, "object", new Class<?>[] {String.class}, "y"));
        assertEquals(List.of("enter that throws"), calls);
    }

    @Test
    void enterReturningNullMeansNoExit() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Spans.class,
                MethodHook.span(named("object", "fails"), A, self()).end(self(), true, true));
        install(new Recorder(A, events, enter -> null));
        Object target = newInstance(woven);

        assertEquals("r:x", call(target, "object", new Class<?>[] {String.class}, "x"));
        assertThrows(IllegalArgumentException.class, () -> call(target, "fails", new Class<?>[] {RuntimeException.class},
                new IllegalArgumentException()));
        assertEquals(2, events.size());
        assertTrue(events.stream().allMatch(e -> e.kind.equals("enter")), events.toString());
    }

    // ---- 6. several hooks on one method ----

    @Test
    void twoSpansOnOneMethodNestAndKeepTheirTokens() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Spans.class,
                MethodHook.span(named("object", "fails"), A, self()).end(self(), true, true),
                MethodHook.span(named("object", "fails"), B, argument(0)).end(argument(0), true, true));
        install(recorder(A), recorder(B));
        Object target = newInstance(woven);

        assertEquals("r:x", call(target, "object", new Class<?>[] {String.class}, "x"));
        assertNesting(target, "x");
        assertEquals("r:x", events.get(2).result);
        assertEquals("r:x", events.get(3).result);

        events.clear();
        IllegalStateException boom = new IllegalStateException();
        assertSame(boom, assertThrows(IllegalStateException.class,
                () -> call(target, "fails", new Class<?>[] {RuntimeException.class}, boom)));
        assertNesting(target, boom);
        assertSame(boom, events.get(2).thrown);
        assertSame(boom, events.get(3).thrown);
    }

    private void assertNesting(Object target, Object argument) {
        assertEquals(4, events.size(), events.toString());
        Event enterA = events.get(0);
        Event enterB = events.get(1);
        Event exitB = events.get(2);
        Event exitA = events.get(3);
        assertEquals(Arrays.asList("enter", A, "enter", B, "exit", B, "exit", A),
                Arrays.asList(enterA.kind, enterA.id, enterB.kind, enterB.id, exitB.kind, exitB.id, exitA.kind, exitA.id));
        assertNotSame(enterA.returned, enterB.returned);
        assertSame(enterA.returned, exitA.token);
        assertSame(enterB.returned, exitB.token);
        assertSame(target, exitA.self);
        assertEquals(argument, exitB.self);
    }

    @Test
    void spanWithCallAtThrowAndReplaceOnOneMethod() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Spans.class,
                MethodHook.replaceArgument(named("object"), 0, D),
                MethodHook.span(named("object", "fails"), A, argument(0)).end(self(), true, true),
                MethodHook.call(named("object", "fails"), B, argument(0)),
                MethodHook.atThrow(named("object", "fails"), C));
        install(recorder(A), recorder(B), recorder(C), new Recorder(D, events, enter -> "replaced"));
        Object target = newInstance(woven);

        assertEquals("r:replaced", call(target, "object", new Class<?>[] {String.class}, "x"));
        List<Integer> ids = new ArrayList<>();
        for (Event e : events) {
            ids.add(e.id);
        }
        assertEquals(List.of(D, A, B, A), ids, events.toString());
        assertEquals("replaced", event(A).self, "a later hook sees what an earlier one replaced");
        assertEquals("r:replaced", lastExit().result);
        assertSame(events.get(1).returned, lastExit().token);

        events.clear();
        IllegalStateException boom = new IllegalStateException();
        assertSame(boom, assertThrows(IllegalStateException.class,
                () -> call(target, "fails", new Class<?>[] {RuntimeException.class}, boom)));
        ids.clear();
        for (Event e : events) {
            ids.add(e.id);
        }
        assertEquals(List.of(A, B, C, A), ids, events.toString());
        assertSame(boom, event(C).self);
        assertSame(boom, lastExit().thrown);
    }

    @Test
    void catchAllHooksWorkWhenTheFirstReadsNoMoreThanTheLater() throws Throwable {
        // The order the disabled tests above fail in, reversed: the outer handler's frame asks for less.
        Class<?> woven = weave(WeaveTargets.Spans.class,
                MethodHook.atThrow(named("fails"), C),
                MethodHook.span(named("fails"), A, argument(0)).end(none(), true, true),
                MethodHook.span(named("fails"), B, self()).end(self(), true, true));
        install(recorder(A), recorder(B), recorder(C));
        Object target = newInstance(woven);
        IllegalStateException boom = new IllegalStateException();

        assertSame(boom, assertThrows(IllegalStateException.class,
                () -> call(target, "fails", new Class<?>[] {RuntimeException.class}, boom)));
        List<Integer> ids = new ArrayList<>();
        for (Event e : events) {
            ids.add(e.id);
        }
        assertEquals(List.of(A, B, B, A, C), ids, events.toString());
        assertSame(events.get(0).returned, events.get(3).token);
        assertSame(events.get(1).returned, events.get(2).token);
        assertSame(target, events.get(2).self);
        assertNull(events.get(3).self);
        assertSame(boom, events.get(3).thrown);
        assertSame(boom, event(C).self);
    }

    // ---- 7. matching ----

    @Test
    void argumentCountAndTypesSelectTheOverload() throws Throwable {
        Class<?> woven = weave(WeaveTargets.Overloads.class,
                MethodHook.call(named("over").arguments(2), A),
                MethodHook.call(named("over").argument(0, "java.lang.String"), B),
                MethodHook.call(named("over").arguments(1).argument(0, "long"), C),
                MethodHook.call(named("over").argument(0, "[Ljava.lang.String;"), D));
        install(recorder(A), recorder(B), recorder(C), recorder(D));
        Object target = newInstance(woven);

        call(target, "over", new Class<?>[] {int.class}, 1);
        assertTrue(events.isEmpty(), events.toString());
        call(target, "over", new Class<?>[] {int.class, int.class}, 1, 2);
        call(target, "over", new Class<?>[] {String.class}, "s");
        call(target, "over", new Class<?>[] {long.class}, 1L);
        call(target, "over", new Class<?>[] {String[].class}, (Object) new String[0]);
        List<Integer> ids = new ArrayList<>();
        for (Event e : events) {
            ids.add(e.id);
        }
        assertEquals(List.of(A, B, C, D), ids);
    }

    @Test
    void abstractAndNativeMethodsAreSkipped() throws Throwable {
        byte[] classfile = classBytes(WeaveTargets.NoCode.class);
        assertNull(checkedWeave(List.of(
                MethodHook.span(named("run", "nat"), A).end(self(), true, true)), classfile));

        byte[] woven = checkedWeave(List.of(
                MethodHook.span(named("run", "nat", "concrete"), A).end(self(), true, true)), classfile);
        assertNotNull(woven);
        Class<?> defined = define(WeaveTargets.NoCode.class.getName(), woven);
        assertEquals(3, defined.getDeclaredMethods().length, "links, so verified");
    }

    @Test
    void nothingMatchedGivesNull() throws IOException {
        assertNull(checkedWeave(List.of(MethodHook.call(named("absent"), A),
                MethodHook.call(named("over").arguments(3), B)), classBytes(WeaveTargets.Overloads.class)));
        assertNull(checkedWeave(List.of(), classBytes(WeaveTargets.Overloads.class)));
    }

    @Test
    void constructorTakesNoHookThatRunsAtItsStart() throws IOException {
        byte[] classfile = classBytes(WeaveTargets.Shapes.class);
        assertThrows(IllegalStateException.class, () -> checkedWeave(List.of(
                MethodHook.span(constructors(), A).end(self(), true, true)), classfile));
        assertThrows(IllegalStateException.class, () -> checkedWeave(List.of(
                MethodHook.call(constructors(), A, self())), classfile));
    }

    // ---- 8. old class file versions ----

    @Test
    void java6ClassFileWithFramesIsWoven() throws Throwable {
        byte[] classfile = withVersion(classBytes(WeaveTargets.OldStyle.class), 50);
        byte[] woven = checkedWeave(List.of(
                MethodHook.span(named("sum"), A, argument(0), argument(1)).end(self(), true, true),
                MethodHook.span(named("join"), B, argument(1)).end(argument(2), true, true)), classfile);
        assertEquals(50, version(woven));
        Class<?> defined = define(WeaveTargets.OldStyle.class.getName(), woven);
        install(recorder(A), recorder(B));
        Object target = newInstance(defined);
        Class<?>[] types = {int[].class, boolean.class};

        assertEquals(1000 + 10 + 5 + 2, call(target, "sum", types, new int[] {0, 1, 2, 5}, false));
        assertEquals(1017, lastExit().result);
        assertThrows(IllegalArgumentException.class, () -> call(target, "sum", types, new int[] {-1}, true));
        assertTrue(lastExit().thrown instanceof IllegalArgumentException);
        assertEquals("a3c", invoke(defined.getMethod("join", String.class, long.class, String.class), null, "a", 3L, "c"));
        assertEquals("c", lastExit().self);
        assertEquals(3L, event(B).self);
    }

    @Test
    void java5ClassFileWithoutFramesIsWovenWithoutFrames() throws Throwable {
        assertGeneratedClassRuns(Opcodes.V1_5, "gen.Old5");
    }

    @Test
    void java6ClassFileWithoutFramesIsWoven() throws Throwable {
        // Frames are optional in Java 6 class files; HotSpot falls back to the old verifier.
        assertGeneratedClassRuns(Opcodes.V1_6, "gen.Old6");
    }

    private void assertGeneratedClassRuns(int version, String name) throws Throwable {
        byte[] classfile = generateOldClass(version, name.replace('.', '/'));
        Method unwoven = define(name, classfile).getMethod("count", int.class);
        byte[] woven = checkedWeave(List.of(
                MethodHook.span(named("count"), A, argument(0)).end(none(), true, true)), classfile);
        assertEquals(version & 0xFFFF, version(woven));
        if (version < Opcodes.V1_6) {
            assertFalse(hasStackMapTable(woven), "a Java 5 class file holds no frames");
        }
        install(recorder(A));
        Method count = define(name, woven).getMethod("count", int.class);

        for (int n = 0; n < 6; n++) {
            assertEquals(invoke(unwoven, null, n), invoke(count, null, n));
            assertEquals(n, lastEnter().self);
            assertEquals(invoke(unwoven, null, n), lastExit().result);
        }
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> invoke(count, null, -1));
        assertSame(thrown, lastExit().thrown);
    }

    /**
     * {@code public static int count(int n)}: a loop whose body catches its own
     * ArithmeticException, and a throw for a negative n; written without frames.
     */
    private static byte[] generateOldClass(int version, String internalName) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object", null);
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "count", "(I)I", null, null);
        Label tryStart = new Label();
        Label tryEnd = new Label();
        Label handler = new Label();
        Label loop = new Label();
        Label next = new Label();
        Label done = new Label();
        Label positive = new Label();
        m.visitCode();
        m.visitTryCatchBlock(tryStart, tryEnd, handler, "java/lang/ArithmeticException");
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitJumpInsn(Opcodes.IFGE, positive);
        m.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalArgumentException");
        m.visitInsn(Opcodes.DUP);
        m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalArgumentException", "<init>", "()V", false);
        m.visitInsn(Opcodes.ATHROW);
        m.visitLabel(positive);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitVarInsn(Opcodes.ISTORE, 1); // total
        m.visitInsn(Opcodes.LCONST_0);
        m.visitVarInsn(Opcodes.LSTORE, 2); // a long local, to move
        m.visitInsn(Opcodes.ICONST_0);
        m.visitVarInsn(Opcodes.ISTORE, 4); // i
        m.visitLabel(loop);
        m.visitVarInsn(Opcodes.ILOAD, 4);
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitJumpInsn(Opcodes.IF_ICMPGE, done);
        m.visitLabel(tryStart);
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitIntInsn(Opcodes.BIPUSH, 10);
        m.visitVarInsn(Opcodes.ILOAD, 4);
        m.visitInsn(Opcodes.ICONST_2);
        m.visitInsn(Opcodes.ISUB);
        m.visitInsn(Opcodes.IDIV);
        m.visitInsn(Opcodes.IADD);
        m.visitVarInsn(Opcodes.ISTORE, 1);
        m.visitLabel(tryEnd);
        m.visitJumpInsn(Opcodes.GOTO, next);
        m.visitLabel(handler);
        m.visitVarInsn(Opcodes.ASTORE, 5);
        m.visitIincInsn(1, 100);
        m.visitLabel(next);
        m.visitVarInsn(Opcodes.LLOAD, 2);
        m.visitInsn(Opcodes.LCONST_1);
        m.visitInsn(Opcodes.LADD);
        m.visitVarInsn(Opcodes.LSTORE, 2);
        m.visitIincInsn(4, 1);
        m.visitJumpInsn(Opcodes.GOTO, loop);
        m.visitLabel(done);
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitVarInsn(Opcodes.LLOAD, 2);
        m.visitInsn(Opcodes.L2I);
        m.visitInsn(Opcodes.IADD);
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    // ---- 9. a class file newer than ASM knows ----

    @Test
    void classFileNewerThanAsmKnowsIsRefusedWithOneLine() throws Throwable {
        byte[] classfile = withVersion(classBytes(WeaveTargets.Spans.class), 75);
        assertThrows(IllegalArgumentException.class, () -> new ClassReader(classfile), "ASM cannot read it as it is");

        HookWeaver.Refused refused = assertThrows(HookWeaver.Refused.class, () -> checkedWeave(List.of(
                MethodHook.span(named("object"), A, self()).end(self(), true, true)), classfile));

        assertEquals("its class file version 75 (Java 31) is newer than this agent reads (71, Java 27)",
                refused.toString());
        assertEquals(75, version(classfile), "the input is left as it was");
    }

    @Test
    void classFileOfTheNewestJavaAsmKnowsIsWovenAndKeepsItsVersion() throws Throwable {
        byte[] classfile = withVersion(classBytes(WeaveTargets.Spans.class), HookWeaver.NEWEST_KNOWN);

        byte[] woven = checkedWeave(List.of(MethodHook.span(named("object"), A, self()).end(self(), true, true)),
                classfile);

        assertEquals(71, version(woven));
        assertEquals(List.of("enter", "exit", "exit"), bridgeCalls(woven, "object"),
                "enter, exit at the return, exit in the handler");
    }

    // ---- 10. the real instrumentations ----

    @Test
    void everyInstrumentationOfAJdkClassMatchesAndWeaves() throws Throwable {
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        Libraries libraries = new Libraries();
        for (String className : libraries.classNames()) {
            String resource = className.replace('.', '/') + ".class";
            byte[] classfile;
            try (InputStream in = ClassLoader.getSystemResourceAsStream(resource)) {
                if (in == null) {
                    continue;
                }
                classfile = in.readAllBytes();
            }
            checked.add(className);
            List<MethodHook> hooks = libraries.target(className).weave(className);
            for (int i = 0; i < hooks.size(); i++) {
                MethodHook hook = hooks.get(i);
                String[] warning = new String[1];
                byte[][] alone = new byte[1][];
                warning[0] = captureStderr(() -> alone[0] = checkedWeave(List.of(hook), classfile));
                if (alone[0] == null) {
                    problems.add(className + " hook " + i + " (" + describe(hook) + ") matched nothing "
                            + warning[0].trim());
                } else if (!wovenIn(alone[0], hook)) {
                    problems.add(className + " hook " + i + " (" + describe(hook)
                            + ") left no call in any method it names");
                }
            }
            byte[] all = checkedWeave(hooks, classfile);
            if (all == null) {
                problems.add(className + ": weave returned null");
                continue;
            }
            for (MethodHook hook : hooks) {
                if (!wovenIn(all, hook)) {
                    problems.add(className + " woven with all its hooks: " + describe(hook) + " missing");
                }
            }
            if (!className.startsWith("java.")) {
                // Outside java.*, the woven class can be defined again in a loader of our own: link it (verify).
                String linked = linkProblem(className, all, classfile);
                if (linked == null) {
                    System.out.println("HookWeaverTest: woven " + className + " links");
                } else if (!linked.isEmpty()) {
                    problems.add(className + ": " + linked);
                }
            }
        }
        assertTrue(checked.contains("java.lang.Thread") && checked.contains("java.util.concurrent.ThreadPoolExecutor")
                && checked.contains("jdk.internal.net.http.HttpClientImpl"), checked.toString());
        assertTrue(problems.isEmpty(), "checked " + checked + "\n" + String.join("\n", problems));
    }

    /**
     * The woven JDK classes themselves (java.* cannot be defined by a loader of ours): a JVM whose
     * modules are patched with them, every class verified, runs {@link WovenJdkRun}, which uses each.
     */
    @Test
    void wovenJdkClassesVerifyAndRunInAPatchedJvm(@TempDir Path dir) throws Throwable {
        runPatchedJvm(dir, Path.of(System.getProperty("java.home")));
    }

    /** The same on the other JDK the agent is tested on, with that JDK's own classes. */
    @Test
    void wovenJdk25ClassesVerifyAndRunInAPatchedJdk25(@TempDir Path dir) throws Throwable {
        Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        Assumptions.assumeTrue(Files.isDirectory(jdk25), "no JDK 25 at " + jdk25);
        runPatchedJvm(dir, jdk25);
    }

    private static void runPatchedJvm(Path dir, Path javaHome) throws Throwable {
        Map<String, Path> modules = new TreeMap<>();
        Set<Integer> spanIds = new TreeSet<>();
        /** Every id woven into a JDK class, and where. */
        Map<Integer, String> wovenIds = new TreeMap<>();
        Libraries libraries = new Libraries();
        try (FileSystem jrt = FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home", javaHome.toString()))) {
            for (String className : libraries.classNames()) {
                String module = jdkModule(jrt, className);
                if (module == null) {
                    continue;
                }
                String resource = className.replace('.', '/') + ".class";
                byte[] classfile = Files.readAllBytes(jrt.getPath("modules", module, resource));
                List<MethodHook> hooks = libraries.target(className).weave(className);
                byte[] woven = checkedWeave(hooks, classfile);
                if (woven == null && javaHome.toString().contains("25")
                        && className.equals("java.util.concurrent.ForkJoinPool")) {
                    continue; // JDK 19+ have no externalPush: tasks go through WorkQueue.push
                }
                assertNotNull(woven, className);
                Path moduleDir = dir.resolve(module);
                Path file = moduleDir.resolve(resource);
                Files.createDirectories(file.getParent());
                Files.write(file, woven);
                modules.put(module, moduleDir);
                for (MethodHook hook : hooks) {
                    if (hook.shape == MethodHook.SPAN) {
                        spanIds.add(hook.id);
                    }
                    wovenIds.merge(hook.id, className, (a, b) -> a + ", " + b);
                }
            }
        }
        // The bridge joins java.base: Thread.start runs before the boot class path's appended part is searched.
        Path classes = Path.of(Bridge.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path bootstrap = Path.of("io", "telemetryagent", "bootstrap");
        Files.createDirectories(dir.resolve("java.base").resolve(bootstrap));
        try (java.util.stream.Stream<Path> files = Files.list(classes.resolve(bootstrap))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, dir.resolve("java.base").resolve(bootstrap).resolve(file.getFileName().toString()));
            }
        }
        List<String> command = new ArrayList<>(List.of(
                javaHome.resolve("bin").resolve("java").toString(),
                "-Xshare:off", "-XX:+UnlockDiagnosticVMOptions", "-XX:+BytecodeVerificationLocal", "-XX:TieredStopAtLevel=1",
                "--add-exports", "java.base/io.telemetryagent.bootstrap=ALL-UNNAMED," + String.join(",", modules.keySet()),
                "-cp", Path.of(WovenJdkRun.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString()));
        for (Map.Entry<String, Path> module : modules.entrySet()) {
            command.add("--patch-module");
            command.add(module.getKey() + "=" + module.getValue());
        }
        command.add(WovenJdkRun.class.getName());
        for (int id : spanIds) {
            command.add(Integer.toString(id));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
        System.out.println("HookWeaverTest: patched " + modules.keySet() + " of " + javaHome + ", " + output.trim());

        Map<Integer, int[]> counts = new TreeMap<>();
        for (String line : output.split("\\R")) {
            if (line.startsWith("counts")) {
                for (String entry : line.substring("counts".length()).trim().split(" ")) {
                    String[] parts = entry.split("[:/]");
                    counts.put(Integer.parseInt(parts[0]),
                            new int[] {Integer.parseInt(parts[1]), Integer.parseInt(parts[2])});
                }
            }
        }
        // Every hook woven into the JDK is reached by what WovenJdkRun does.
        for (Map.Entry<Integer, String> woven : wovenIds.entrySet()) {
            int id = woven.getKey();
            assertTrue(counts.containsKey(id) && counts.get(id)[0] > 0,
                    "hook " + id + " (woven into " + woven.getValue() + ") never entered: " + output);
        }
        for (int id : spanIds) {
            if (counts.containsKey(id)) {
                assertTrue(counts.get(id)[1] > 0, "span " + id + " entered but never exited: " + output);
            }
        }
    }

    /** Null when the woven copy links (is verified); empty when even the original cannot be defined here. */
    private static String linkProblem(String name, byte[] woven, byte[] original) {
        try {
            define(name, original).getDeclaredMethods();
        } catch (Throwable t) {
            System.out.println("HookWeaverTest: " + name + " cannot be defined again here (the patched JVM verifies it): " + t);
            return "";
        }
        try {
            define(name, woven).getDeclaredMethods();
            return null;
        } catch (Throwable t) {
            return "woven copy does not link: " + t;
        }
    }

    private static boolean wovenIn(byte[] woven, MethodHook hook) {
        boolean[] found = new boolean[1];
        new ClassReader(woven).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                if (!hook.methods.matches(name, descriptor)) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String called, String calledDescriptor,
                                                boolean isInterface) {
                        String expected = hook.redirect != null ? hook.redirect[3] : "io/telemetryagent/bootstrap/Bridge";
                        if (opcode == Opcodes.INVOKESTATIC && owner.equals(expected)) {
                            found[0] = true;
                        }
                    }
                };
            }
        }, 0);
        return found[0];
    }

    private static String describe(MethodHook hook) {
        return "shape " + hook.shape + " id " + hook.id + " on " + Arrays.toString(hook.methods.names)
                + (hook.methods.argumentCount >= 0 ? "/" + hook.methods.argumentCount : "")
                + (hook.methods.argumentTypes.length > 0 ? Arrays.toString(hook.methods.argumentTypes) : "");
    }

    // ---- helpers ----

    /** What a recorder saw: for an enter, self/arg0/arg1 and the token it returned. */
    static final class Event {
        final String kind;
        final int id;
        final Object self;
        final Object arg0;
        final Object arg1;
        final Object returned;
        final Object token;
        final Object result;
        final Throwable thrown;

        Event(String kind, int id, Object self, Object arg0, Object arg1, Object returned, Object token, Object result,
              Throwable thrown) {
            this.kind = kind;
            this.id = id;
            this.self = self;
            this.arg0 = arg0;
            this.arg1 = arg1;
            this.returned = returned;
            this.token = token;
            this.result = result;
            this.thrown = thrown;
        }

        @Override
        public String toString() {
            return kind + "#" + id + (kind.equals("enter") ? "(" + self + ", " + arg0 + ", " + arg1 + ")"
                    : "(token " + token + ", self " + self + ", result " + result + ", thrown " + thrown + ")");
        }
    }

    /** Records into the shared list; enter answers with {@code answer} (a fresh token by default). */
    static class Recorder implements Hook {
        final int id;
        final List<Event> events;
        final Function<Object[], Object> answer;

        Recorder(int id, List<Event> events, Function<Object[], Object> answer) {
            this.id = id;
            this.events = events;
            this.answer = answer;
        }

        Recorder(int id, List<Event> events) {
            this(id, events, values -> new Object() {
                @Override
                public String toString() {
                    return "token" + id + "@" + Integer.toHexString(System.identityHashCode(this));
                }
            });
        }

        @Override
        public Object enter(Object self, Object arg0, Object arg1) {
            Object returned = answer.apply(new Object[] {self, arg0, arg1});
            events.add(new Event("enter", id, self, arg0, arg1, returned, null, null, null));
            return returned;
        }

        @Override
        public void exit(Object token, Object self, Object result, Throwable thrown) {
            events.add(new Event("exit", id, self, null, null, null, token, result, thrown));
        }
    }

    /** The module of a JDK class, from the runtime image's package index; null for a class not in it. */
    static String jdkModule(FileSystem jrt, String className) throws IOException {
        Path packageDir = jrt.getPath("packages", className.substring(0, className.lastIndexOf('.')));
        if (!Files.isDirectory(packageDir)) {
            return null;
        }
        try (java.util.stream.Stream<Path> modules = Files.list(packageDir)) {
            return modules.map(module -> module.getFileName().toString()).findFirst().orElse(null);
        }
    }

    private Recorder recorder(int id) {
        return new Recorder(id, events);
    }

    private static Object[] slot(int id, Hook hook) {
        return new Object[] {id, hook};
    }

    private static void install(Object[]... slots) {
        Hook[] hooks = new Hook[WovenJdkRun.SLOTS];
        for (Object[] s : slots) {
            hooks[(Integer) s[0]] = (Hook) s[1];
        }
        Bridge.install(hooks);
    }

    private static void install(Recorder... recorders) {
        Hook[] hooks = new Hook[WovenJdkRun.SLOTS];
        for (Recorder r : recorders) {
            hooks[r.id] = r;
        }
        Bridge.install(hooks);
    }

    private Event lastExit() {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).kind.equals("exit")) {
                return events.get(i);
            }
        }
        fail("no exit in " + events);
        return null;
    }

    private Event lastEnter() {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).kind.equals("enter")) {
                return events.get(i);
            }
        }
        fail("no enter in " + events);
        return null;
    }

    private Event event(int id) {
        for (Event e : events) {
            if (e.id == id && e.kind.equals("enter")) {
                return e;
            }
        }
        fail("no enter of " + id + " in " + events);
        return null;
    }

    private static List<Object> values(Event enter) {
        return Arrays.asList(enter.self, enter.arg0, enter.arg1);
    }

    /**
     * The weaver's answer, after weaving the same once more through ASM's CheckClassAdapter with
     * its data-flow check: every visitor call in ASM's order (try-catch blocks before their
     * labels), every method's stack and locals consistent (BasicVerifier).
     */
    static byte[] checkedWeave(List<MethodHook> hooks, byte[] classfile) {
        byte[] woven = new HookWeaver().weave(hooks, classfile);
        try {
            new HookWeaver().weave(hooks, classfile, null, next -> new CheckClassAdapter(next, true));
        } catch (RuntimeException e) {
            throw new AssertionError("ASM's CheckClassAdapter rejects the woven class: " + e, e);
        }
        return woven;
    }

    static byte[] classBytes(Class<?> type) throws IOException {
        String resource = type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return in.readAllBytes();
        }
    }

    private static Class<?> weave(Class<?> type, MethodHook... hooks) throws IOException {
        byte[] woven = checkedWeave(List.of(hooks), classBytes(type));
        assertNotNull(woven, "some hook matched " + type.getName());
        return define(type.getName(), woven);
    }

    /** Defines {@code bytes} as {@code name} in a fresh child-first loader (so the verifier runs on it). */
    static Class<?> define(String name, byte[] bytes) {
        try {
            return new ChildFirst(name, bytes, HookWeaverTest.class.getClassLoader()).loadClass(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    static final class ChildFirst extends ClassLoader {
        private final String name;
        private final byte[] bytes;

        ChildFirst(String name, byte[] bytes, ClassLoader parent) {
            super(parent);
            this.name = name;
            this.bytes = bytes;
        }

        @Override
        protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
            if (!className.equals(name)) {
                return super.loadClass(className, resolve);
            }
            synchronized (getClassLoadingLock(className)) {
                Class<?> loaded = findLoadedClass(className);
                return loaded != null ? loaded : defineClass(className, bytes, 0, bytes.length);
            }
        }
    }

    private static Object newInstance(Class<?> type) throws Throwable {
        return newInstance(type, new Class<?>[0]);
    }

    private static Object newInstance(Class<?> type, Class<?>[] types, Object... args) throws Throwable {
        Constructor<?> constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Object call(Object target, String name, Class<?>[] types, Object... args) throws Throwable {
        return invoke(target.getClass().getMethod(name, types), target, args);
    }

    private static Object invoke(Method method, Object target, Object... args) throws Throwable {
        method.setAccessible(true);
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    interface Action {
        void run() throws Throwable;
    }

    /** What {@code action} printed to System.err (the agent's log). */
    private static String captureStderr(Action action) throws Throwable {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static byte[] withVersion(byte[] classfile, int major) {
        byte[] copy = classfile.clone();
        copy[6] = (byte) (major >>> 8);
        copy[7] = (byte) major;
        return copy;
    }

    private static int version(byte[] classfile) {
        return ((classfile[6] & 0xFF) << 8) | (classfile[7] & 0xFF);
    }

    private static boolean hasStackMapTable(byte[] classfile) {
        return new String(classfile, StandardCharsets.ISO_8859_1).contains("StackMapTable");
    }

    /** The Bridge methods called in {@code method}, in order. */
    private static List<String> bridgeCalls(byte[] classfile, String method) {
        List<String> calls = new ArrayList<>();
        new ClassReader(classfile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                if (!name.equals(method)) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String called, String calledDescriptor,
                                                boolean isInterface) {
                        if (owner.equals("io/telemetryagent/bootstrap/Bridge")) {
                            calls.add(called);
                        }
                    }
                };
            }
        }, 0);
        return calls;
    }
}
