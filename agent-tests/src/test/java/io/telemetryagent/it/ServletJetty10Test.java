package io.telemetryagent.it;

/** {@link ServletContainerSuite} on Jetty 10 (javax). */
class ServletJetty10Test extends ServletContainerSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.JETTY_10;
    }
}
