package com.example.hosts;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * A host that ends normally after serving {@code n} requests to {@code /hello}: the test of the
 * agent's flush at shutdown. {@code ExitAfterRequests <n> exit} calls {@code System.exit(0)};
 * {@code ExitAfterRequests <n> return} stops the server and lets {@code main} return, so the JVM
 * ends when its last thread does. Uses the server's default executor (the dispatcher thread).
 */
public final class ExitAfterRequests {

    private ExitAfterRequests() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        int n = Integer.parseInt(args[0]);
        boolean exit = "exit".equals(args.length > 1 ? args[1] : "exit");
        CountDownLatch served = new CountDownLatch(n);
        HttpServer server = Http.create(0, 50);
        server.createContext("/hello", exchange -> {
            Http.respond(exchange, 200, "hello");
            served.countDown();
        });
        server.start();
        System.out.println("READY " + server.getAddress().getPort());
        System.out.flush();
        served.await();
        // Let the last handler return (and its spans end) before the JVM goes down.
        Thread.sleep(300);
        System.out.println("EXITING " + (exit ? "System.exit" : "main returns"));
        System.out.flush();
        if (exit) {
            System.exit(0);
        }
        server.stop(0);
    }
}
