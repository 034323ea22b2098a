package io.telemetryagent.it;

/**
 * {@link WebFluxSuite} on Spring Boot 3.1 (Spring 6.0, Reactor Netty 1.1.19): Spring 6.0 keeps no
 * handled-exception attribute of its own, so a fault's cause comes from Boot's error attributes.
 */
class WebFluxBoot31Test extends WebFluxSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.WEBFLUX_BOOT_3_1;
    }
}
