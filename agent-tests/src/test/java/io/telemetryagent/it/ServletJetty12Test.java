package io.telemetryagent.it;

/** {@link ServletContainerSuite} on Jetty 12, ee10 (jakarta). */
class ServletJetty12Test extends ServletContainerSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.JETTY_12_EE10;
    }
}
