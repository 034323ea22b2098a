package io.telemetryagent.it;

import java.nio.file.Path;
import java.util.List;

/**
 * One row of the servlet suite: a container (or Spring Boot) version, the directory its jars are
 * copied to ({@code target/containers/<name>/lib}, by agent-tests/pom.xml), its Servlet API
 * namespace and the host sources ({@code src/hosts/<dir>}) its host app is compiled from.
 */
enum ContainerRow {
    TOMCAT_9("tomcat9", "javax", "com.example.servlethost.TomcatHost", "servlet", "tomcat"),
    TOMCAT_10_1("tomcat10", "jakarta", "com.example.servlethost.TomcatHost", "servlet", "tomcat"),
    TOMCAT_11("tomcat11", "jakarta", "com.example.servlethost.TomcatHost", "servlet", "tomcat"),
    JETTY_9_4("jetty94", "javax", "com.example.servlethost.JettyHost", "servlet", "jetty"),
    JETTY_10("jetty10", "javax", "com.example.servlethost.JettyHost", "servlet", "jetty"),
    JETTY_12_EE10("jetty12", "jakarta", "com.example.servlethost.Jetty12Host", "servlet", "jetty12"),
    UNDERTOW_2_2("undertow22", "javax", "com.example.servlethost.UndertowHost", "servlet", "undertow"),
    UNDERTOW_2_3("undertow23", "jakarta", "com.example.servlethost.UndertowHost", "servlet", "undertow"),
    SPRING_BOOT_3("boot3", "jakarta", "com.example.springhost.SpringHost", "spring"),
    SPRING_BOOT_2_7("boot27", "javax", "com.example.springhost.SpringHost", "spring"),
    // Spring MVC + Spring Data JPA (Hibernate) on H2, Boot 3.3 (PetClinicJpaTest).
    PETCLINIC_JPA("petclinic", "jakarta", "com.example.petclinic.PetClinicHost", "petclinic"),
    // Reactor Netty's server (WebFluxSuite, ReactorNetty10Test): Boot 3.1 (Spring 6.0), Boot 3.3 (Reactor Netty 1.1), Boot 3.4 (1.2), Reactor Netty 1.0 alone.
    WEBFLUX_BOOT_3_1("webflux31", "jakarta", "com.example.webfluxhost.WebFluxHost", "webflux", "reactorchain"),
    WEBFLUX_BOOT_3_3("webflux33", "jakarta", "com.example.webfluxhost.WebFluxHost", "webflux", "reactorchain"),
    WEBFLUX_BOOT_3_4("webflux34", "jakarta", "com.example.webfluxhost.WebFluxHost", "webflux", "reactorchain"),
    REACTOR_NETTY_1_0("reactornetty10", "jakarta", "com.example.reactornettyhost.ReactorNettyHost", "reactornetty", "reactorchain"),
    JERSEY_3_TOMCAT_10_1("jersey3", "jakarta", "com.example.jerseyhost.JerseyHost", "jersey"),
    JERSEY_2_TOMCAT_9("jersey2", "javax", "com.example.jerseyhost.JerseyHost", "jersey"),
    // Logging libraries (LogCorrelationSuite): a JDK HttpServer host, no servlet API.
    LOGBACK("logback", "jakarta", "com.example.loghost.LogbackHost", "loghost", "logback"),
    LOGBACK_1_2("logback12", "jakarta", "com.example.loghost.LogbackHost", "loghost", "logback"),
    LOG4J2("log4j2", "jakarta", "com.example.loghost.Log4j2Host", "loghost", "log4j2"),
    LOG4J2_17("log4j217", "jakarta", "com.example.loghost.Log4j2Host", "loghost", "log4j2"),
    JBOSS_LOGMANAGER("jbosslog", "jakarta", "com.example.loghost.JBossLogHost", "loghost", "jbosslog"),
    JBOSS_LOGMANAGER_2_1("jbosslog21", "jakarta", "com.example.loghost.JBossLogHost", "loghost", "jbosslog");

    final String dir;
    final String namespace;
    final String mainClass;
    final List<String> sourceDirs;

    ContainerRow(String dir, String namespace, String mainClass, String... sourceDirs) {
        this.dir = dir;
        this.namespace = namespace;
        this.mainClass = mainClass;
        this.sourceDirs = List.of(sourceDirs);
    }

    /** {@code target/containers/<dir>}. */
    Path home() {
        return Path.of(System.getProperty("user.dir"), "target", "containers", dir);
    }

    Path lib() {
        return home().resolve("lib");
    }
}
