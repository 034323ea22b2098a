package io.telemetryagent.it;

/** {@link ServletContainerSuite} on JETTY 12.EE10. */
class ServletJetty12Test extends ServletContainerSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.JETTY_12_EE10;
    }
}
