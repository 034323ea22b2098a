package io.telemetryagent.it;

/** {@link LogCorrelationSuite} through SLF4J 1.7 and Logback 1.2 (Spring Boot 2.7's). */
class Logback12LogCorrelationTest extends LogCorrelationSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.LOGBACK_1_2;
    }
}
