package com.example.reactorchain;

import java.time.Duration;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The /chain handler's four calls, one script for both Reactor hosts (WebFlux's WebClient and Reactor
 * Netty's own client): BASE/a on the caller's thread, BASE/b after publishOn on a bounded-elastic
 * worker, then after delayElement on the parallel scheduler's timer BASE/c and BASE/d at once in
 * Mono.zip, BASE/d subscribed on the parallel scheduler. Each hop is where a trace could be lost.
 */
public final class ReactorChain {

    private ReactorChain() {}

    /** "chain a+b+c+d" once the four calls {@code get} makes to {@code to}'s four paths have answered. */
    public static Mono<String> of(Function<String, Mono<String>> get, String to) {
        return get.apply(to + "/a")
                .publishOn(Schedulers.boundedElastic())
                .flatMap(a -> get.apply(to + "/b").map(b -> "a+b"))
                .delayElement(Duration.ofMillis(30))
                .flatMap(ab -> Mono.zip(get.apply(to + "/c"), get.apply(to + "/d").subscribeOn(Schedulers.parallel()))
                        .map(cd -> ab + "+c+d"))
                .map(all -> "chain " + all);
    }
}
