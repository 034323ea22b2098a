package io.telemetryagent.it;

import java.util.List;

/** {@link LogCorrelationSuite} through Log4j 2.24 making a new event per line, as it does in web apps. */
class Log4j2ImmutableEventsLogCorrelationTest extends LogCorrelationSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.LOG4J2;
    }

    @Override
    List<String> jvmOptions() {
        return List.of("-Dlog4j2.enableThreadlocals=false");
    }
}
