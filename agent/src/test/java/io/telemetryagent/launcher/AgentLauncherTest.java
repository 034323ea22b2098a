package io.telemetryagent.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** -Dtelemetry.enabled: on, off in the usual spellings, and anything else refused (issue 18). */
class AgentLauncherTest {

    @Test
    void isOnWhenAbsentOrTrue() {
        for (String on : new String[] {null, "", " ", "true", "TRUE", "on", "yes", "1"}) {
            assertNull(AgentLauncher.disabledBy(on), on);
        }
    }

    @Test
    void isOffForEverySpellingOfOff() {
        assertEquals("disabled by -Dtelemetry.enabled=false; tracing is off", AgentLauncher.disabledBy("false"));
        assertEquals("disabled by -Dtelemetry.enabled=off; tracing is off", AgentLauncher.disabledBy("off"));
        assertEquals("disabled by -Dtelemetry.enabled=0; tracing is off", AgentLauncher.disabledBy("0"));
        assertEquals("disabled by -Dtelemetry.enabled=No; tracing is off", AgentLauncher.disabledBy(" No "));
    }

    @Test
    void refusesAnythingElseAndStaysOff() {
        assertEquals("-Dtelemetry.enabled is \"maybe\", must be true or false (or on/off, yes/no, 1/0);"
                + " tracing is off, the application runs normally", AgentLauncher.disabledBy("maybe"));
    }
}
