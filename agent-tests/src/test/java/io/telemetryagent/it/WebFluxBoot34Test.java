package io.telemetryagent.it;

/** {@link WebFluxSuite} on Spring Boot 3.4 (Spring 6.2, Reactor Netty 1.2). */
class WebFluxBoot34Test extends WebFluxSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.WEBFLUX_BOOT_3_4;
    }
}
