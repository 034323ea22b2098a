package io.telemetryagent.it;

import java.util.List;

/** {@link LogCorrelationSuite} through JBoss Logging 3.4 on JBoss LogManager 2.1 (WildFly 26, Quarkus 2). */
class JBossLogManager21LogCorrelationTest extends LogCorrelationSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.JBOSS_LOGMANAGER_2_1;
    }

    @Override
    List<String> jvmOptions() {
        return List.of("-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-Dorg.jboss.logging.provider=jboss");
    }
}
