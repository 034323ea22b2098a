package io.telemetryagent.it;

/** {@link ServletContainerSuite} on Undertow 2.2 (javax). */
class ServletUndertow22Test extends ServletContainerSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.UNDERTOW_2_2;
    }
}
