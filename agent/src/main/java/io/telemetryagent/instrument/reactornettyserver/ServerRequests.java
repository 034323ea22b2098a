package io.telemetryagent.instrument.reactornettyserver;

import io.telemetryagent.instrument.WeakIdentityTable;

/**
 * The requests under way on Reactor Netty's server, keyed by their connection operations (one
 * {@code HttpServerOperations} per request) by identity and weakly: a request whose connection
 * vanished without a word takes its entry with it when collected. Never more than
 * {@link #MAX_ENTRIES}: beyond that, new requests go untraced rather than grow it.
 */
final class ServerRequests {

    static final int MAX_ENTRIES = 1 << 14;

    private static final WeakIdentityTable<ServerRequest> ENTRIES = new WeakIdentityTable<>(MAX_ENTRIES);

    private ServerRequests() {}

    static boolean put(Object operations, ServerRequest request) {
        return ENTRIES.put(operations, request);
    }

    static ServerRequest get(Object operations) {
        return ENTRIES.get(operations);
    }

    static ServerRequest remove(Object operations) {
        return ENTRIES.remove(operations);
    }

    static int size() {
        return ENTRIES.size();
    }
}
