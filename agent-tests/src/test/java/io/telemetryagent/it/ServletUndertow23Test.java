package io.telemetryagent.it;

/** {@link ServletContainerSuite} on UNDERTOW 2.3. */
class ServletUndertow23Test extends ServletContainerSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.UNDERTOW_2_3;
    }
}
