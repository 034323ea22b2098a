package io.telemetryagent.it;

/** {@link ServletContainerSuite} on JETTY 9.4. */
class ServletJetty94Test extends ServletContainerSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.JETTY_9_4;
    }
}
