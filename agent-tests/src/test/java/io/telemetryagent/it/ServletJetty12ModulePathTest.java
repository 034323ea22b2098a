package io.telemetryagent.it;

import io.telemetryagent.testkit.HostJvm;

/**
 * Jetty 12 ee10 with every jar on the module path: the woven classes (ee10's ServletHandler and
 * ServletApiRequest, jakarta.servlet's HttpServlet) live in named modules, which must be made to
 * read the bridge's module (the boot loader's unnamed module) before their woven code runs. The
 * app's own classes stay on the class path.
 */
class ServletJetty12ModulePathTest extends ServletContainerSuite {
    @Override
    ContainerRow row() {
        return ContainerRow.JETTY_12_EE10;
    }

    @Override
    HostJvm.Builder withLibraries(HostJvm.Builder host) {
        return host.jvmOption("--module-path=" + row().lib()).jvmOption("--add-modules=ALL-MODULE-PATH");
    }
}
