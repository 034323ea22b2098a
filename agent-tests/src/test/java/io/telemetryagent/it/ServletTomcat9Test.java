package io.telemetryagent.it;

/** {@link ServletContainerSuite} on Tomcat 9 (javax). */
class ServletTomcat9Test extends ServletContainerSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.TOMCAT_9;
    }
}
