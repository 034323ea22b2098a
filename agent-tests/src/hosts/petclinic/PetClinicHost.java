package com.example.petclinic;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * A PetClinic-like app: Spring MVC and Spring Data JPA (Hibernate) on an in-memory H2 behind
 * Boot's HikariCP pool, on embedded Tomcat, as Spring PetClinic is built. Run as
 * {@code java -cp <jars> com.example.petclinic.PetClinicHost}, on a free port; the schema is
 * Hibernate's, made at start-up, and {@link ClinicData} fills it before READY.
 */
@SpringBootApplication
public class PetClinicHost {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(PetClinicHost.class);
        app.setDefaultProperties(Map.of(
                "server.port", "0",
                "server.address", "127.0.0.1",
                "spring.main.banner-mode", "off",
                "spring.datasource.url", "jdbc:h2:mem:petclinic;DB_CLOSE_DELAY=-1",
                "spring.datasource.username", "sa",
                "spring.jpa.hibernate.ddl-auto", "create",
                // PetClinic's own setting: no session held open across the view.
                "spring.jpa.open-in-view", "false"));
        app.addListeners((ApplicationListener<WebServerInitializedEvent>) event ->
                System.out.println("READY " + event.getWebServer().getPort()));
        app.run(args);
    }
}
