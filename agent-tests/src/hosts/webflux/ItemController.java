package com.example.webfluxhost;

import com.example.reactorchain.ReactorChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One handler per behaviour of the WebFlux suite.
 *
 * <pre>
 * /items/{id}       200 "item ID"
 * /files/{*path}    200 "file PATH" (a capture-all variable)
 * /chain?to=BASE    four WebClient calls to BASE/a .. BASE/d across Reactor's operators (ReactorChain): a call, publishOn
 *                   a bounded-elastic worker, a second call in flatMap, delayElement (the parallel
 *                   scheduler's timer), then two calls at once with Mono.zip, one subscribed on the parallel
 *                   scheduler: 200 "chain a+b+c+d"
 * /call?to=URL      one WebClient call: 200 "called: BODY"
 * POST /relay?to=BASE  reads the request's body TEXT (a message of its own after the head), then calls
 *                   BASE/TEXT: 200 "relayed TEXT"
 * /boom             the controller throws: 500
 * /mono-error       the controller's Mono fails after a hop to another scheduler: 500
 * /bad              400 (ResponseStatusException)
 * /logged?tag=T     logs "logged T on the request's thread" in the handler, then "logged T after publishOn"
 *                   on a bounded-elastic worker (Logback, its pattern printing AWS-XRAY-TRACE-ID): 200 "logged"
 * </pre>
 */
@RestController
public class ItemController {

    private static final Logger LOG = LoggerFactory.getLogger(ItemController.class);

    private final WebClient client;

    public ItemController(WebClient client) {
        this.client = client;
    }

    @GetMapping("/items/{id}")
    public Mono<String> item(@PathVariable("id") String id) {
        return Mono.just("item " + id);
    }

    @GetMapping("/files/{*path}")
    public Mono<String> file(@PathVariable("path") String path) {
        return Mono.just("file " + path);
    }

    @GetMapping("/call")
    public Mono<String> call(@RequestParam("to") String to) {
        return get(to).map(body -> "called: " + body);
    }

    @PostMapping("/relay")
    public Mono<String> relay(@RequestBody Mono<String> body, @RequestParam("to") String to) {
        return body.flatMap(text -> get(to + "/" + text).map(called -> "relayed " + text));
    }

    @GetMapping("/chain")
    public Mono<String> chain(@RequestParam("to") String to) {
        return ReactorChain.of(this::get, to);
    }

    @GetMapping("/logged")
    public Mono<String> logged(@RequestParam("tag") String tag) {
        LOG.info("logged {} on the request's thread", tag);
        return Mono.just(tag).publishOn(Schedulers.boundedElastic()).map(t -> {
            LOG.info("logged {} after publishOn", t);
            return "logged";
        });
    }

    @GetMapping("/boom")
    public Mono<String> boom() {
        throw new IllegalStateException("boom from controller");
    }

    @GetMapping("/mono-error")
    public Mono<String> monoError() {
        return Mono.just("x").publishOn(Schedulers.parallel())
                .flatMap(x -> Mono.error(new IllegalArgumentException("failed on another scheduler")));
    }

    @GetMapping("/bad")
    public Mono<String> bad() {
        return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "bad request"));
    }

    private Mono<String> get(String url) {
        return client.get().uri(url).retrieve().bodyToMono(String.class).defaultIfEmpty("");
    }
}
