package io.telemetryagent.it;

/** {@link JerseySuite} on Jersey 3.1 (jakarta) on Tomcat 10.1. */
class Jersey3Test extends JerseySuite {
    @Override
    ContainerRow row() {
        return ContainerRow.JERSEY_3_TOMCAT_10_1;
    }
}
