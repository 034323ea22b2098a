package io.telemetryagent.it;

/** {@link ServletContainerSuite} on TOMCAT 10.1. */
class ServletTomcat10Test extends ServletContainerSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.TOMCAT_10_1;
    }
}
