package com.example.hosts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A service that makes its outbound calls from other threads than the request's, every way the
 * JDK offers. Each endpoint GETs {@code to} (with HttpURLConnection) from another thread, waits
 * for it, and answers 200 with the downstream status(es), or 502. A status is followed by
 * {@code @request-thread} when the call ran on the request's own thread after all (a parallel
 * stream's caller works too). Where the request thread could run a fork-join task itself while
 * waiting for it (join, get), it waits on a latch the task counts down instead, so the pool runs it.
 *
 * <pre>
 * /execute           pool.execute(runnable)                     (a 4-thread fixed pool)
 * /submit            pool.submit(callable).get()
 * /invoke-all?n=N    pool.invokeAll(N callables), calling to-1 .. to-N
 * /invoke-any        pool.invokeAny(one callable)
 * /schedule          scheduled.schedule(callable, 20 ms).get()  (a 2-thread scheduled pool)
 * /supply-async      CompletableFuture.supplyAsync(supplier)     (the default async pool)
 * /supply-async-pool     ... on the fixed pool
 * /supply-async-common   ... on ForkJoinPool.commonPool()
 * /supply-async-custom   ... on an executor of the app's own (a queue and a thread, no JDK pool)
 * /then-apply-async  a stage added to a future that a background thread completes later
 * /fork-join         ForkJoinPool.commonPool().submit(callable).get()
 * /fork              a RecursiveTask forked from the request thread, then joined
 * /parallel?n=N      a parallel stream calling to-1 .. to-N (50 ms each)
 * /thread            new Thread(runnable).start(), then join
 *
 * /solo/M            M (execute, submit, submit-throw, schedule, supply-async, fork-join) on a
 *                    one-thread pool (one-thread scheduled pool, the common pool): the same
 *                    worker thread every time; submit-throw's task throws after its call
 * /untraced/M        the same, handed off by a background thread outside any request
 * /late              queues the call on the one-thread pool behind a 300 ms task and answers at
 *                    once: the call runs after the request has ended
 * </pre>
 *
 * Run with {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=1} for one common-pool
 * worker. Prints {@code READY <port>}.
 */
public final class ThreadsService {

    private static final ExecutorService POOL = Executors.newFixedThreadPool(4);
    private static final ScheduledExecutorService SCHEDULED = Executors.newScheduledThreadPool(2);
    private static final ExecutorService SOLO = Executors.newSingleThreadExecutor();
    private static final ScheduledExecutorService SOLO_SCHEDULED = Executors.newSingleThreadScheduledExecutor();
    /** Jobs for the background thread, which runs them outside any request. */
    private static final BlockingQueue<Runnable> BACKGROUND = new LinkedBlockingQueue<>();
    /** An executor of the app's own: the JDK sees only a queue and a thread. */
    private static final BlockingQueue<Runnable> CUSTOM = new LinkedBlockingQueue<>();
    /** Set while a thread serves a request. */
    private static final ThreadLocal<Boolean> SERVING = new ThreadLocal<>();

    private ThreadsService() {}

    /** How an endpoint hands its calls to another thread; returns the downstream statuses. */
    private interface Handoff {
        String run(String to, Map<String, String> query) throws Exception;
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        startDaemon("background", ThreadsService::runBackgroundJobs);
        startDaemon("custom-executor", () -> drain(CUSTOM));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        handle(server, "/execute", (to, q) -> execute(POOL, to));
        handle(server, "/submit", (to, q) -> POOL.submit(() -> call(to)).get());
        handle(server, "/invoke-all", (to, q) -> invokeAll(to, Integer.parseInt(q.getOrDefault("n", "3"))));
        handle(server, "/invoke-any", (to, q) -> POOL.invokeAny(List.of(() -> call(to))));
        handle(server, "/schedule", (to, q) -> SCHEDULED.schedule(() -> call(to), 20, TimeUnit.MILLISECONDS).get());
        handle(server, "/supply-async", (to, q) -> awaitCall(to, c -> CompletableFuture.supplyAsync(c::call)::join));
        handle(server, "/supply-async-pool", (to, q) -> CompletableFuture.supplyAsync(() -> call(to), POOL).join());
        handle(server, "/supply-async-common", (to, q) ->
                awaitCall(to, c -> CompletableFuture.supplyAsync(c::call, ForkJoinPool.commonPool())::join));
        handle(server, "/supply-async-custom", (to, q) -> CompletableFuture.supplyAsync(() -> call(to), CUSTOM::add).join());
        handle(server, "/then-apply-async", (to, q) -> thenApplyAsync(to));
        handle(server, "/fork-join", (to, q) -> awaitCall(to, c -> ForkJoinPool.commonPool().submit(c)::get));
        handle(server, "/fork", (to, q) -> awaitCall(to, c -> new CallTask(c).fork()::join));
        handle(server, "/parallel", (to, q) -> IntStream.rangeClosed(1, Integer.parseInt(q.getOrDefault("n", "3")))
                .parallel().mapToObj(i -> {
                    sleep(50);
                    return call(to + "-" + i);
                }).collect(Collectors.joining(",")));
        handle(server, "/thread", (to, q) -> onNewThread(to));
        for (String mechanism : List.of("execute", "submit", "submit-throw", "schedule", "supply-async", "fork-join")) {
            handle(server, "/solo/" + mechanism, (to, q) -> solo(mechanism, to));
            handle(server, "/untraced/" + mechanism, (to, q) -> inBackground(() -> solo(mechanism, to)));
        }
        handle(server, "/late", (to, q) -> late(to));
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        System.out.println("READY " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void handle(HttpServer server, String path, Handoff handoff) {
        server.createContext(path, exchange -> {
            Map<String, String> query = Http.query(exchange);
            String result;
            SERVING.set(true);
            try {
                result = handoff.run(query.get("to"), query);
            } catch (Exception e) {
                respond(exchange, 502, "error: " + e);
                return;
            } finally {
                SERVING.remove();
            }
            respond(exchange, 200, result);
        });
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        Http.respond(exchange, status, body);
    }

    /** One outbound GET; its status, or the error. */
    static String call(String url) {
        Http.Outcome outcome = Http.get(url, null);
        String result = outcome.error != null ? "error " + outcome.error : String.valueOf(outcome.status);
        return SERVING.get() != null ? result + "@request-thread" : result;
    }

    /** A call handed off by {@code start}, which returns how to wait for its result. */
    private interface Start {
        Waiter start(CallJob job) throws Exception;
    }

    private interface Waiter {
        String await() throws Exception;
    }

    /** A call that counts down a latch when it has run. */
    static final class CallJob implements Callable<String> {
        private final String to;
        final CountDownLatch ran = new CountDownLatch(1);

        CallJob(String to) {
            this.to = to;
        }

        @Override
        public String call() {
            try {
                return ThreadsService.call(to);
            } finally {
                ran.countDown();
            }
        }
    }

    /** Starts the call, waits until some other thread has run it, then collects its result. */
    private static String awaitCall(String to, Start start) throws Exception {
        CallJob job = new CallJob(to);
        Waiter waiter = start.start(job);
        if (!job.ran.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the task did not run");
        }
        return waiter.await();
    }

    private static String execute(Executor executor, String to) throws InterruptedException {
        String[] result = new String[1];
        CountDownLatch done = new CountDownLatch(1);
        executor.execute(() -> {
            result[0] = call(to);
            done.countDown();
        });
        if (!done.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the task did not run");
        }
        return result[0];
    }

    private static String invokeAll(String to, int n) throws Exception {
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String url = to + "-" + i;
            calls.add(() -> call(url));
        }
        List<String> results = new ArrayList<>();
        for (Future<String> f : POOL.invokeAll(calls)) {
            results.add(f.get());
        }
        return String.join(",", results);
    }

    /** The stage is added first; a thread outside the request completes its source later. */
    private static String thenApplyAsync(String to) {
        CompletableFuture<String> source = new CompletableFuture<>();
        CompletableFuture<String> stage = source.thenApplyAsync(ThreadsService::call, POOL);
        BACKGROUND.add(() -> {
            sleep(50);
            source.complete(to);
        });
        return stage.join();
    }

    private static String onNewThread(String to) throws InterruptedException {
        String[] result = new String[1];
        Thread thread = new Thread(() -> result[0] = call(to));
        thread.start();
        thread.join(20_000);
        return result[0];
    }

    private static String solo(String mechanism, String to) throws Exception {
        switch (mechanism) {
            case "execute":
                return execute(SOLO, to);
            case "submit":
                return SOLO.submit(() -> call(to)).get();
            case "submit-throw":
                try {
                    Callable<String> failing = () -> {
                        throw new IllegalStateException("after " + call(to));
                    };
                    return SOLO.submit(failing).get();
                } catch (ExecutionException e) {
                    return e.getCause().getMessage();
                }
            case "schedule":
                return SOLO_SCHEDULED.schedule(() -> call(to), 10, TimeUnit.MILLISECONDS).get();
            case "supply-async":
                return CompletableFuture.supplyAsync(() -> call(to), SOLO).join();
            case "fork-join":
                return awaitCall(to, c -> ForkJoinPool.commonPool().submit(c)::get);
            default:
                throw new IllegalArgumentException(mechanism);
        }
    }

    /** Runs {@code job} on the background thread, outside any request, and waits for it. */
    private static String inBackground(Callable<String> job) throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        BACKGROUND.add(() -> {
            try {
                result.complete(job.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(20, TimeUnit.SECONDS);
    }

    private static String late(String to) {
        SOLO.execute(() -> sleep(300));
        SOLO.execute(() -> call(to));
        return "queued";
    }

    /** A fork-join task that makes one call. */
    static final class CallTask extends RecursiveTask<String> {
        private final CallJob job;

        CallTask(CallJob job) {
            this.job = job;
        }

        @Override
        protected String compute() {
            return job.call();
        }
    }

    private static void runBackgroundJobs() {
        drain(BACKGROUND);
    }

    private static void drain(BlockingQueue<Runnable> jobs) {
        while (true) {
            try {
                jobs.take().run();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                e.printStackTrace(System.out);
            }
        }
    }

    private static void startDaemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
