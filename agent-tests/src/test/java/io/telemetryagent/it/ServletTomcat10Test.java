package io.telemetryagent.it;

/** {@link ServletContainerSuite} on Tomcat 10.1 (jakarta). */
class ServletTomcat10Test extends ServletContainerSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.TOMCAT_10_1;
    }
}
