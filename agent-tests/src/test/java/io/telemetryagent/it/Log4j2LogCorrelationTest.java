package io.telemetryagent.it;

/** {@link LogCorrelationSuite} through Log4j 2.24, with its reusable events (the default outside web apps). */
class Log4j2LogCorrelationTest extends LogCorrelationSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.LOG4J2;
    }
}
