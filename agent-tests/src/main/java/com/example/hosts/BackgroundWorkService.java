package com.example.hosts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A service whose outbound calls (HttpURLConnection unless said otherwise) are made outside any
 * request, or by work that outlives the request that started it.
 *
 * <p>At start-up, before its server listens, {@code main} calls {@code <args[0]>/main} itself, then
 * {@code <args[0]>/thread} from a plain {@code new Thread} it starts and joins, then schedules a
 * {@code scheduleAtFixedRate} job (100 ms period) that calls {@code <args[0]>/tick-1} .. {@code
 * tick-3}, one per run, and cancels itself. Each finished call prints {@code CALLED <url> <status>}
 * on stdout; the job's last run prints {@code DONE <args[0]>/tick} after its {@code CALLED} line.
 *
 * <pre>
 * /hello                      200 "hello"
 * /fixed-rate?to=URL&amp;n=N&amp;wait=W  schedules a fixed-rate job (100 ms period) calling URL-1 .. URL-N,
 *                             one per run, waits for the first W runs, answers "ran W"
 * /outside/thread?to=URL      a background thread that never served a request starts a plain
 *                             Thread that calls URL; the request waits for it
 * /outside/fixed-rate?to=URL&amp;n=N  that background thread schedules the fixed-rate job; the request
 *                             waits for its N runs
 * /hand-off?to=URL&amp;gate=G   hands a task to a pool and answers "queued" at once; the task starts at
 *                             once, waits until gate G is released, then calls URL
 *   [&amp;start=late]             the task is queued on a one-thread pool behind another that waits for
 *                             gate G: it starts once G is released, and calls URL at once
 * /release?gate=G             releases gate G
 * /send-async?to=URL          java.net.http.HttpClient.sendAsync(GET URL) and answers "sent" at once,
 *                             without waiting for the response (give URL a slow server)
 * </pre>
 *
 * Prints {@code READY <port>}.
 */
public final class BackgroundWorkService {

    private static final long PERIOD_MS = 100;

    private static final ScheduledExecutorService SCHEDULED = Executors.newScheduledThreadPool(2);
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);
    private static final ExecutorService SOLO = Executors.newSingleThreadExecutor();
    /** Gates that hold handed-off work until the test says the request is over (its segment arrived). */
    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();
    /** Jobs for the background thread, which runs them outside any request. */
    private static final BlockingQueue<Runnable> BACKGROUND = new LinkedBlockingQueue<>();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private BackgroundWorkService() {}

    /** What an endpoint does with its query; returns the body of a 200 answer. */
    private interface Endpoint {
        String run(Map<String, String> query) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String startup = args[0];
        call(startup + "/main");
        Thread thread = new Thread(() -> call(startup + "/thread"));
        thread.start();
        thread.join(20_000);
        fixedRate(startup + "/tick", 3);

        Thread background = new Thread(BackgroundWorkService::runBackgroundJobs, "background");
        background.setDaemon(true);
        background.start();

        HttpServer server = Http.create(0, 100);
        handle(server, "/hello", q -> "hello");
        handle(server, "/fixed-rate", q -> {
            CountDownLatch runs = fixedRate(q.get("to"), Integer.parseInt(q.getOrDefault("n", "3")));
            int wait = Integer.parseInt(q.getOrDefault("wait", "1"));
            awaitRuns(runs, Integer.parseInt(q.getOrDefault("n", "3")) - wait);
            return "ran " + wait;
        });
        handle(server, "/outside/thread", q -> inBackground(() -> {
            Thread plain = new Thread(() -> call(q.get("to")));
            plain.start();
            plain.join(20_000);
            return "called";
        }));
        handle(server, "/outside/fixed-rate", q -> {
            CountDownLatch runs = inBackground(() -> fixedRate(q.get("to"), Integer.parseInt(q.getOrDefault("n", "3"))));
            awaitRuns(runs, 0);
            return "ran";
        });
        handle(server, "/hand-off", q -> {
            CountDownLatch gate = gate(q.get("gate"));
            String to = q.get("to");
            if ("late".equals(q.get("start"))) {
                SOLO.execute(() -> await(gate));
                SOLO.execute(() -> call(to));
            } else {
                POOL.execute(() -> {
                    await(gate);
                    call(to);
                });
            }
            return "queued";
        });
        handle(server, "/release", q -> {
            gate(q.get("gate")).countDown();
            return "released";
        });
        handle(server, "/send-async", q -> {
            String to = q.get("to");
            CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(to)).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((response, thrown) -> {
                        System.out.println("CALLED " + to + " " + (thrown != null ? "error " + thrown : response.statusCode()));
                        System.out.flush();
                    });
            return "sent";
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("READY " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void handle(HttpServer server, String path, Endpoint endpoint) {
        server.createContext(path, exchange -> {
            String body;
            try {
                body = endpoint.run(Http.query(exchange));
            } catch (Exception e) {
                respond(exchange, 502, "error: " + e);
                return;
            }
            respond(exchange, 200, body);
        });
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        Http.respond(exchange, status, body);
    }

    /** One outbound GET with HttpURLConnection; prints {@code CALLED <url> <status or error>}. */
    private static void call(String url) {
        Http.Outcome outcome = Http.get(url, null);
        System.out.println("CALLED " + url + " " + (outcome.error != null ? "error " + outcome.error : outcome.status));
        System.out.flush();
    }

    /**
     * Schedules a job at a fixed rate whose run i calls {@code to-i}, for i = 1 .. n, then cancels
     * it. The latch counts the runs down.
     */
    private static CountDownLatch fixedRate(String to, int n) {
        CountDownLatch runs = new CountDownLatch(n);
        AtomicInteger run = new AtomicInteger();
        AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
        self.set(SCHEDULED.scheduleAtFixedRate(() -> {
            int i = run.incrementAndGet();
            if (i > n) {
                return; // cancelled meanwhile
            }
            call(to + "-" + i);
            runs.countDown();
            if (i == n) {
                ScheduledFuture<?> future = self.get();
                if (future != null) {
                    future.cancel(false);
                }
                System.out.println("DONE " + to);
                System.out.flush();
            }
        }, 0, PERIOD_MS, TimeUnit.MILLISECONDS));
        return runs;
    }

    /** Waits until at most {@code left} runs remain. */
    private static void awaitRuns(CountDownLatch runs, long left) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (runs.getCount() > left) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job did not run");
            }
            Thread.sleep(5);
        }
    }

    /** Work for the background thread. */
    private interface Job<T> {
        T run() throws Exception;
    }

    /** Runs {@code job} on the background thread, outside any request, and waits for it. */
    private static <T> T inBackground(Job<T> job) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        BACKGROUND.add(() -> {
            try {
                result.complete(job.run());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(20, TimeUnit.SECONDS);
    }

    private static void runBackgroundJobs() {
        while (true) {
            try {
                BACKGROUND.take().run();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                e.printStackTrace(System.out);
            }
        }
    }

    private static CountDownLatch gate(String id) {
        return GATES.computeIfAbsent(id, k -> new CountDownLatch(1));
    }

    private static void await(CountDownLatch gate) {
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                System.out.println("gate never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
