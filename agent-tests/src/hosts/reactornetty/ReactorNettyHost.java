package com.example.reactornettyhost;

import com.example.reactorchain.ReactorChain;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * A service on Reactor Netty's own HTTP server and client, without Spring (Reactor Netty 1.0, which
 * no Spring Boot 3 runs on). Prints {@code READY <port>}. Compiled at test time against the row's
 * jars (ReactorNetty10Test).
 *
 * <pre>
 * /items/{id}      200 "item ID"
 * /chain?to=BASE   four calls to BASE/a .. BASE/d with Reactor Netty's client across Reactor's operators, as
 *                  the WebFlux host's /chain: 200 "chain a+b+c+d"
 * /boom            the handler's Mono fails: the server answers 500
 * /hello           200 "hello"
 * </pre>
 */
public final class ReactorNettyHost {

    private static final HttpClient CLIENT = HttpClient.create();

    private ReactorNettyHost() {}

    public static void main(String[] args) {
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes
                        .get("/items/{id}", (request, response) -> response.sendString(Mono.just("item " + request.param("id"))))
                        .get("/chain", (request, response) -> response.sendString(ReactorChain.of(ReactorNettyHost::get, query(request.uri(), "to"))))
                        .get("/hello", (request, response) -> response.sendString(Mono.just("hello")))
                        .get("/boom", (request, response) -> Mono.error(new IllegalStateException("boom from handler"))))
                .bindNow();
        System.out.println("READY " + server.port());
        server.onDispose().block();
    }

    private static Mono<String> get(String url) {
        return CLIENT.get().uri(url).responseContent().aggregate().asString().defaultIfEmpty("");
    }

    private static String query(String uri, String name) {
        return new QueryStringDecoder(uri).parameters().get(name).get(0);
    }
}
