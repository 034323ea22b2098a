package io.telemetryagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErrorTextTest {

    @Test
    void aPlainValueIsCutAtItsLimit() {
        assertEquals("\"abcde...\"", ErrorText.quote("abcdefgh", 5));
        assertEquals("\"abcde\"", ErrorText.quote("abcde", 5));
    }

    /** CI's fuzzing found a field name of 100 DEL characters making a 606-character message. */
    @Test
    void escapesCountForWhatTheyTakeOnTheLine() {
        String quoted = ErrorText.quote("sam" + "\u007f".repeat(100));
        assertTrue(quoted.length() <= ErrorText.MAX_VALUE_CHARS + 5, quoted);
        assertTrue(quoted.startsWith("\"sam\\u007f"), quoted);
        assertTrue(quoted.endsWith("\\u007f...\""), "an escape is never cut in half: " + quoted);
    }

    @Test
    void quotesAndSurrogatePairsAreNeverCutInHalf() {
        assertEquals("\"a\\\"...\"", ErrorText.quote("a\"b", 3));
        assertEquals("\"a...\"", ErrorText.quote("a\"b", 2));
        assertEquals("\"a...\"", ErrorText.quote("a\uD83D\uDE00b", 2));
        assertEquals("\"a\uD83D\uDE00...\"", ErrorText.quote("a\uD83D\uDE00b", 3));
    }

    @Test
    void aLoneHighSurrogateDoesNotCarryAnEscapableCharacterUnescaped() {
        assertEquals("\"\uD83D\\\"\"", ErrorText.quote("\uD83D\"", 10));
    }
}
