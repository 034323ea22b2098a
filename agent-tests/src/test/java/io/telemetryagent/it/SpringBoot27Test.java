package io.telemetryagent.it;

/** {@link SpringBootSuite} on Spring Boot 2.7 (javax, Tomcat 9). */
class SpringBoot27Test extends SpringBootSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.SPRING_BOOT_2_7;
    }
}
