package io.telemetryagent.instrument.reactornettyserver;

import io.telemetryagent.instrument.WeakIdentityTable;
import io.telemetryagent.log.AgentLog;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The requests under way on Reactor Netty's server, keyed by their connection operations (one
 * {@code HttpServerOperations} per request) by identity and weakly: a request whose connection
 * vanished without a word takes its entry with it when collected. Never more than
 * {@link #MAX_ENTRIES}: beyond that, new requests go untraced rather than grow it.
 */
final class ServerRequests {

    static final int MAX_ENTRIES = 1 << 14;

    private static final WeakIdentityTable<ServerRequest> ENTRIES = new WeakIdentityTable<>(MAX_ENTRIES);
    private static final AtomicBoolean FULL_SAID = new AtomicBoolean();

    private ServerRequests() {}

    /** Records {@code request}; false, said once in a warning, when the table is full. */
    static boolean put(Object operations, ServerRequest request) {
        if (ENTRIES.put(operations, request)) {
            return true;
        }
        if (FULL_SAID.compareAndSet(false, true)) {
            AgentLog.warn("Reactor Netty server: more than " + MAX_ENTRIES + " requests open at once; requests beyond"
                    + " that are not traced until others end (said once)");
        }
        return false;
    }

    static ServerRequest get(Object operations) {
        return ENTRIES.get(operations);
    }

    static ServerRequest remove(Object operations) {
        return ENTRIES.remove(operations);
    }
}
