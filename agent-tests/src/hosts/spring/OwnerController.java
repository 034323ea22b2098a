package com.example.springhost;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.context.request.async.DeferredResult;

/** One handler per behaviour of the Spring Boot suite. */
@RestController
public class OwnerController {

    private final RestTemplate rest = new RestTemplate();

    @GetMapping("/owners/{ownerId}")
    public String showOwner(@PathVariable("ownerId") String ownerId) {
        return "owner " + ownerId;
    }

    /** A capture-all variable: the rest of the path. */
    @GetMapping("/files/{*path}")
    public String file(@PathVariable("path") String path) {
        return "file " + path;
    }

    /** Calls {@code ?to=} through RestTemplate (HttpURLConnection underneath). */
    @GetMapping("/call")
    public String call(@RequestParam("to") String to) {
        return "called: " + rest.getForObject(to, String.class);
    }

    @GetMapping("/boom")
    public String boom() {
        throw new IllegalStateException("boom from controller");
    }

    /** Answered 202 by another thread, 200 ms later. */
    @GetMapping("/deferred")
    public DeferredResult<ResponseEntity<String>> deferred() {
        DeferredResult<ResponseEntity<String>> result = new DeferredResult<>();
        new Thread(() -> {
            pause();
            result.setResult(ResponseEntity.status(202).body("deferred"));
        }, "deferred-worker").start();
        return result;
    }

    /** Run by Spring's task executor: 201 after 200 ms. */
    @GetMapping("/callable")
    public Callable<ResponseEntity<String>> callable() {
        return () -> {
            pause();
            return ResponseEntity.status(201).body("callable");
        };
    }

    @GetMapping("/future")
    public CompletableFuture<String> future() {
        return CompletableFuture.supplyAsync(() -> {
            pause();
            return "future";
        });
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
