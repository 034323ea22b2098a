package io.telemetryagent.it;

/** {@link ServletContainerSuite} on TOMCAT 11. */
class ServletTomcat11Test extends ServletContainerSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.TOMCAT_11;
    }
}
