package io.telemetryagent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A hook that fails never reaches the host, and the first failure of each kind is a warning. */
class AgentHookTest {

    /** Fails in enter with the exception it is given; its exit never runs (no token). */
    private static final class Failing extends AgentHook {
        RuntimeException next;

        Failing(String library) {
            super(library);
        }

        @Override
        protected Object onEnter(Object self, Object arg0, Object arg1) {
            throw next;
        }

        @Override
        protected void onExit(Object token, Object self, Object result, Throwable thrown) {
        }
    }

    @Test
    void firstFailureOfEachKindIsOneWarningAndRepeatsAreQuietAtInfo() {
        Failing hook = new Failing("Example Client 1.2");
        String printed = stderrOf(() -> {
            hook.next = new IllegalStateException("first");
            assertNull(hook.enter(null, null, null));
            hook.next = new IllegalStateException("again");
            assertNull(hook.enter(null, null, null));
            hook.next = new ClassCastException("other kind");
            assertNull(hook.enter(null, null, null));
        });

        String n = System.lineSeparator();
        assertEquals("[telemetry-agent] tracing of Example Client 1.2 failed, the host is unaffected (further failures"
                + " of this kind at debug level): java.lang.IllegalStateException: first" + n
                + "[telemetry-agent] tracing of Example Client 1.2 failed, the host is unaffected (further failures"
                + " of this kind at debug level): java.lang.ClassCastException: other kind" + n, printed);
    }

    private static String stderrOf(Runnable action) {
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
}
