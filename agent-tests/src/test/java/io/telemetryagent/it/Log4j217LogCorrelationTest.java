package io.telemetryagent.it;

/** {@link LogCorrelationSuite} through Log4j 2.17, the release most apps moved to after Log4Shell. */
class Log4j217LogCorrelationTest extends LogCorrelationSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.LOG4J2_17;
    }
}
