package io.telemetryagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExportLogTest {

    @Test
    void masksTheConfiguredSecretAndThoseReadFromTheEnvironmentLater() {
        ExportLog log = new ExportLog("configured-secret");
        assertEquals("a **** b", log.clean("a configured-secret b"));

        log.mask("env-secret-key", "env-session-token", null, " ");
        assertEquals("**** and **** and ****", log.clean("configured-secret and env-secret-key and env-session-token"));
    }

    @Test
    void keepsALineOnOneLine() {
        ExportLog log = new ExportLog();
        assertEquals("one two", log.clean("one\ntwo"));
    }
}
