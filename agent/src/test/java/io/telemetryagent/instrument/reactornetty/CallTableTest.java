package io.telemetryagent.instrument.reactornetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CallTableTest {

    private final CallTable table = new CallTable();
    private final ReactorNettyCall call = new ReactorNettyCall(null, "GET", "http://example.com/a");
    private final ReactorNettyCall other = new ReactorNettyCall(null, "GET", "http://example.com/b");

    @Test
    void findsACallByEachOfItsKeysUntilForgotten() {
        Object handler = new Object();
        Object operations = new Object();
        table.put(handler, call);
        table.put(operations, call);

        assertSame(call, table.get(handler));
        assertSame(call, table.get(operations));
        table.remove(operations);
        assertNull(table.get(operations));
        assertSame(call, table.get(handler));
        table.remove(handler);
        assertTrue(table.isEmpty());
    }

    @Test
    void keysByIdentityNeverByTheLibrarysEquals() {
        EqualToAll first = new EqualToAll();
        EqualToAll second = new EqualToAll();
        table.put(first, call);
        table.put(second, other);

        assertSame(call, table.get(first));
        assertSame(other, table.get(second));
        assertEquals(0, first.calls + second.calls, "the library's equals and hashCode are never called");
    }

    @Test
    void nullAndUnknownKeysFindNothing() {
        table.remove(null);
        assertNull(table.get(null));
        assertNull(table.get(new Object()));
        table.remove(new Object());
    }

    @Test
    void refusesNewCallsWhenFullRatherThanGrow() {
        Object[] keys = new Object[CallTable.MAX_ENTRIES];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new Object();
            assertTrue(table.put(keys[i], call));
        }
        assertFalse(table.put(new Object(), other));
        assertEquals(CallTable.MAX_ENTRIES, table.size());
    }

    /** A library object whose equals says yes to everything, as a careless one might. */
    private static final class EqualToAll {
        int calls;

        @Override
        public boolean equals(Object o) {
            calls++;
            return true;
        }

        @Override
        public int hashCode() {
            calls++;
            return 1;
        }
    }
}
