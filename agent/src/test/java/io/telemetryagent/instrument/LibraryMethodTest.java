package io.telemetryagent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LibraryMethodTest {

    @Test
    void callsAMethodOfAHiddenImplementationThroughItsPublicInterface() {
        // Collections.unmodifiableList's class is private: its size() is reached through List.
        List<String> hidden = Collections.unmodifiableList(List.of("a", "b"));

        assertEquals(2, new LibraryMethod("size").invoke(hidden));
        assertEquals("b", new LibraryMethod("get", int.class).invoke(hidden, 1));
    }

    @Test
    void answersNullForNoTargetOrNoSuchMethod() {
        assertNull(new LibraryMethod("size").invoke(null));
        assertNull(new LibraryMethod("noSuchMethod").invoke("text"));
    }

    @Test
    void reportsTheMethodsOwnFailureUnchecked() {
        assertThrows(IllegalStateException.class, () -> new LibraryMethod("get", int.class).invoke(List.of(), 3));
    }
}
