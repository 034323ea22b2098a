package io.telemetryagent.it;

/** {@link ServletContainerSuite} on UNDERTOW 2.2. */
class ServletUndertow22Test extends ServletContainerSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.UNDERTOW_2_2;
    }
}
