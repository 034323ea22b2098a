package io.telemetryagent.it;

/** {@link ServletContainerSuite} on TOMCAT 9. */
class ServletTomcat9Test extends ServletContainerSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.TOMCAT_9;
    }
}
