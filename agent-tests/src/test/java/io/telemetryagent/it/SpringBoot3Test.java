package io.telemetryagent.it;

/** {@link SpringBootSuite} on Spring Boot 3 (jakarta, Tomcat 10.1). */
class SpringBoot3Test extends SpringBootSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.SPRING_BOOT_3;
    }
}
