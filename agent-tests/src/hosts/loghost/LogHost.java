package com.example.loghost;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JDK HttpServer app that logs through a row's logging library ({@link Log}), with the pattern
 * {@code LOG [%X{AWS-XRAY-TRACE-ID}] [%X{app}] message}: a line at start-up; for each
 * {@code GET /log?m=<marker>}, {@code request <marker>} from the request's thread (with what the
 * thread's own logging context holds under the trace key) and {@code task <marker>} from a pool
 * thread the request hands a task to and waits for; and {@code tick} every 200 ms from that same
 * pool, handed off by a thread outside any request. The app puts {@code app=own} in its logging
 * context around every line, as apps do. Prints {@code READY <port>}.
 */
public final class LogHost {

    /** One row's logging library. */
    public interface Log {
        /** Logs {@code message} at INFO with {@code app=own} in the thread's logging context. */
        void info(String message);

        /** What the thread's own logging context (MDC, ThreadContext) holds under {@code key}. */
        String threadContext(String key);
    }

    private LogHost() {}

    public static void run(Log log) throws IOException {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "log-pool"));
        log.info("startup outside any request");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/log", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            String marker = query != null && query.startsWith("m=") ? query.substring(2) : "none";
            log.info("request " + marker + " thread-context=" + log.threadContext("AWS-XRAY-TRACE-ID"));
            try {
                pool.submit(() -> log.info("task " + marker)).get();
            } catch (InterruptedException | ExecutionException e) {
                throw new IOException(e);
            }
            byte[] body = "logged".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Thread ticker = new Thread(() -> {
            while (true) {
                pool.execute(() -> log.info("tick"));
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "ticker");
        ticker.setDaemon(true);
        ticker.start();
        System.out.println("READY " + server.getAddress().getPort());
    }
}
