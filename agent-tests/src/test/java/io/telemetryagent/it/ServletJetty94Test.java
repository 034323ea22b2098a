package io.telemetryagent.it;

/** {@link ServletContainerSuite} on Jetty 9.4 (javax). */
class ServletJetty94Test extends ServletContainerSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.JETTY_9_4;
    }
}
