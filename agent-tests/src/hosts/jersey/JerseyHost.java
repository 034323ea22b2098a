package com.example.jerseyhost;

import java.io.File;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * Jersey (3 on jakarta with Tomcat 10.1, 2 on javax with Tomcat 9; the same source) serving
 * {@link ItemResource} under {@code /api}, on a free port.
 */
public final class JerseyHost {

    public static void main(String[] args) throws Exception {
        Tomcat tomcat = new Tomcat();
        File base = Files.createTempDirectory("jersey-host").toFile();
        base.deleteOnExit();
        tomcat.setBaseDir(base.getAbsolutePath());
        Connector connector = new Connector();
        connector.setPort(0);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.getAbsolutePath());
        Tomcat.addServlet(context, "jersey", new ServletContainer(new ResourceConfig(ItemResource.class)));
        context.addServletMappingDecoded("/api/*", "jersey");
        tomcat.start();
        System.out.println("READY " + connector.getLocalPort());
        tomcat.getServer().await();
    }
}
