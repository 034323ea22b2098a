package com.example.springhost;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * A Spring Boot app (Boot 3 on jakarta, Boot 2.7 on javax; the same source) on embedded Tomcat,
 * run as {@code java -cp <jars> com.example.springhost.SpringHost}, on a free port.
 */
@SpringBootApplication
public class SpringHost {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(SpringHost.class);
        app.setDefaultProperties(Map.of(
                "server.port", "0",
                "server.address", "127.0.0.1",
                "spring.main.banner-mode", "off"));
        app.addListeners((ApplicationListener<WebServerInitializedEvent>) event ->
                System.out.println("READY " + event.getWebServer().getPort()));
        app.run(args);
    }
}
