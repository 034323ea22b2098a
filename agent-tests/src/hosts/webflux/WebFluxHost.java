package com.example.webfluxhost;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * A Spring Boot 3 WebFlux app on Reactor Netty's server, run as
 * {@code java -cp <jars> com.example.webfluxhost.WebFluxHost}, on a free port: annotated
 * controllers ({@link ItemController}) and functional routes (below), both calling out through
 * WebClient. Compiled at test time against each row's jars (WebFluxSuite).
 *
 * <pre>
 * /fn/orders/{orderId}   200 "order ID" (a functional route)
 * /fn/boom               a functional handler whose Mono fails: 500
 * /hello                 200 "hello"
 * /allocated             the bytes every live thread has allocated so far (scripts/webflux-alloc)
 * </pre>
 */
@SpringBootApplication
public class WebFluxHost {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(WebFluxHost.class);
        app.setDefaultProperties(Map.of(
                "server.port", "0",
                "server.address", "127.0.0.1",
                "spring.main.banner-mode", "off",
                // HTTP/1.1 and h2c (upgrade or prior knowledge), as Boot serves them without TLS.
                "server.http2.enabled", "true",
                // Log lines carry the trace (the agent's log correlation, on by default).
                "logging.pattern.console", "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} trace=%X{AWS-XRAY-TRACE-ID} - %msg%n"));
        app.addListeners((ApplicationListener<WebServerInitializedEvent>) event ->
                System.out.println("READY " + event.getWebServer().getPort()));
        app.run(args);
    }

    /** Bytes allocated by the JVM's live threads (event loops, schedulers), as HotSpot counts them per thread. */
    static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(bytes, 0);
        }
        return total;
    }

    @Bean
    WebClient webClient(WebClient.Builder builder) {
        return builder.build();
    }

    @Bean
    RouterFunction<ServerResponse> functionalRoutes() {
        return RouterFunctions.route()
                .GET("/fn/orders/{orderId}", request -> ServerResponse.ok()
                        .bodyValue("order " + request.pathVariable("orderId")))
                .GET("/hello", request -> ServerResponse.ok().bodyValue("hello"))
                .GET("/allocated", request -> ServerResponse.ok().bodyValue(String.valueOf(allocatedBytes())))
                .GET("/fn/boom", request -> Mono.error(new IllegalStateException("boom from a functional route")))
                .build();
    }
}
