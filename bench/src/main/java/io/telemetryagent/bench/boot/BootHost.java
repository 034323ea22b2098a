package io.telemetryagent.bench.boot;

import io.telemetryagent.bench.BenchHost;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;

/**
 * The Spring Boot host the macro benchmark loads, the twin of {@code BenchHost}: Spring MVC on
 * embedded Tomcat with {@code /hello} and {@code /chain} (one outbound call per request, through
 * a RestTemplate on the JDK HttpURLConnection, to {@code -Ddownstream=http://host:port/hello}).
 * Listens on the port given as the first argument and prints {@code READY <port>} once started.
 * {@code /alloc} is the macro benchmark's allocation probe, as on {@code BenchHost}.
 *
 * <p>Run from a plain classpath ({@code target/boot-libs/*} and the bench jar), not from Boot's
 * fat-jar launcher. In a package of its own, so component scanning reads only this class.
 */
@SpringBootApplication
public class BootHost {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(BootHost.class);
        app.setDefaultProperties(Map.of(
                "server.port", args.length > 0 ? args[0] : "0",
                "server.address", "127.0.0.1",
                "spring.main.banner-mode", "off",
                "spring.main.log-startup-info", "false",
                "logging.level.root", "WARN"));
        app.run(args);
    }

    @EventListener
    public void ready(ApplicationReadyEvent event) {
        int port = ((WebServerApplicationContext) event.getApplicationContext()).getWebServer().getPort();
        System.out.println("READY " + port);
        System.out.flush();
    }

    /** The two endpoints. */
    @RestController
    public static class Endpoints {

        // new RestTemplate() always uses SimpleClientHttpRequestFactory, i.e. HttpURLConnection.
        private final RestTemplate client = new RestTemplate();
        private final String downstream = System.getProperty("downstream");

        @GetMapping("/hello")
        public String hello() {
            return "hello";
        }

        /** What {@code BenchHost}'s {@code /alloc} answers: the macro benchmark's allocation probe. */
        @GetMapping("/alloc")
        public String alloc() {
            return Long.toString(BenchHost.allocatedBytes());
        }

        @GetMapping("/chain")
        public String chain() {
            return client.getForObject(downstream, String.class);
        }
    }
}
