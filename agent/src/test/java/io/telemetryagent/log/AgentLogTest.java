package io.telemetryagent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** -Dtelemetry.log.level: the four levels, and one line for anything else (issue 18). */
class AgentLogTest {

    @Test
    void readsTheFourLevelsInAnyCase() {
        assertEquals(0, AgentLog.parse("error"));
        assertEquals(1, AgentLog.parse(" WARN "));
        assertEquals(2, AgentLog.parse("info"));
        assertEquals(3, AgentLog.parse("Debug"));
        assertEquals(2, AgentLog.parse(null));
        for (String level : new String[] {"error", "warn", "info", "debug", " Debug ", null}) {
            assertNull(AgentLog.problem(level), level);
        }
    }

    @Test
    void saysOnceThatAnUnknownLevelMeansInfo() {
        assertEquals(2, AgentLog.parse("verbose"));
        assertEquals("-Dtelemetry.log.level is \"verbose\", must be error, warn, info or debug; using info",
                AgentLog.problem("verbose"));
        assertEquals("-Dtelemetry.log.level is \"\", must be error, warn, info or debug; using info",
                AgentLog.problem(""));
        assertEquals("-Dtelemetry.log.level is \"a?b" + "x".repeat(37) + "...\", must be error, warn, info or debug;"
                + " using info", AgentLog.problem("a\nb" + "x".repeat(60)));
    }
}
