package io.telemetryagent.it;

import java.util.List;

/** {@link LogCorrelationSuite} through JBoss Logging 3.6 on JBoss LogManager 3.1, as in WildFly and Quarkus. */
class JBossLogManagerLogCorrelationTest extends LogCorrelationSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.JBOSS_LOGMANAGER;
    }

    @Override
    List<String> jvmOptions() {
        return List.of("-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-Dorg.jboss.logging.provider=jboss");
    }
}
