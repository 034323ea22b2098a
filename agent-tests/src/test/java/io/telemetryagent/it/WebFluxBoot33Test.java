package io.telemetryagent.it;

/** {@link WebFluxSuite} on Spring Boot 3.3 (Spring 6.1, Reactor Netty 1.1). */
class WebFluxBoot33Test extends WebFluxSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.WEBFLUX_BOOT_3_3;
    }
}
