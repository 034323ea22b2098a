package io.telemetryagent.it;

/** {@link ServletContainerSuite} on JETTY 10. */
class ServletJetty10Test extends ServletContainerSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.JETTY_10;
    }
}
