package io.telemetryagent.it;

/** {@link ServletContainerSuite} on Undertow 2.3 (jakarta). */
class ServletUndertow23Test extends ServletContainerSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.UNDERTOW_2_3;
    }
}
