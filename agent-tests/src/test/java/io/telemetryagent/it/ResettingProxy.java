package io.telemetryagent.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 that resets its first {@code resets} connections as soon as it accepts
 * them (RST, not FIN), then relays every later one to a target port byte for byte: a connection
 * that dies under a client, on demand.
 */
final class ResettingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final int resets;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private ResettingProxy(ServerSocket server, int targetPort, int resets) {
        this.server = server;
        this.targetPort = targetPort;
        this.resets = resets;
    }

    static ResettingProxy start(int targetPort, int resets) throws IOException {
        ResettingProxy proxy = new ResettingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort, resets);
        daemon(proxy::acceptLoop, "resetting-proxy");
        return proxy;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far, reset ones included. */
    int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (connections.incrementAndGet() <= resets) {
                    client.setSoLinger(true, 0);
                    client.close();
                    continue;
                }
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(target);
                daemon(() -> relay(client, target), "resetting-proxy-up");
                daemon(() -> relay(target, client), "resetting-proxy-down");
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void relay(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: the other follows
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(ResettingProxy::closeQuietly);
    }
}
