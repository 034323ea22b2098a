package io.telemetryagent.it;

/** {@link LogCorrelationSuite} through SLF4J 2 and Logback 1.5 (Spring Boot 3's). */
class LogbackLogCorrelationTest extends LogCorrelationSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.LOGBACK;
    }
}
