package io.telemetryagent.it;

/** {@link JerseySuite} on Jersey 2.45 (javax) on Tomcat 9. */
class Jersey2Test extends JerseySuite {
    @Override
    ContainerRow row() {
        return ContainerRow.JERSEY_2_TOMCAT_9;
    }
}
