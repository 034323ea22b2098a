package io.telemetryagent.it;

/** {@link ServletContainerSuite} on Tomcat 11 (jakarta). */
class ServletTomcat11Test extends ServletContainerSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.TOMCAT_11;
    }
}
