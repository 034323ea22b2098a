package io.telemetryagent.instrument.reactornettyserver;

import io.telemetryagent.trace.Span;
import java.util.Map;

/**
 * One request on Reactor Netty's HTTP server, from its first message to the end of its response:
 * the value the {@link ServerRequests} table keeps for the request's connection operations. Made
 * and ended on the connection's event loop; its pipe may be started wherever Spring's dispatcher
 * runs, so its mutable fields are volatile.
 */
final class ServerRequest {

    /** The segment (or the unrecorded context of an unsampled request). */
    final Span router;
    /** The HTTP method, for the pipe's name. */
    final String method;
    /** Spring WebFlux's pipe, once its dispatcher saw the request; null otherwise. */
    private volatile Span pipe;
    /** The attributes of Spring's exchange (its route template, the error it handled); null without Spring. */
    private volatile Map<?, ?> attributes;
    /** The error the server answered with a 500 (the handler's publisher failed). */
    private volatile Throwable error;

    ServerRequest(Span router, String method) {
        this.router = router;
        this.method = method;
    }

    /** What the request's work runs under: its pipe once there is one, else its router. */
    Span context() {
        Span p = pipe;
        return p != null ? p : router;
    }

    Span pipe() {
        return pipe;
    }

    void pipe(Span started, Map<?, ?> exchangeAttributes) {
        attributes = exchangeAttributes;
        pipe = started;
    }

    Map<?, ?> attributes() {
        return attributes;
    }

    Throwable error() {
        return error;
    }

    void error(Throwable thrown) {
        if (error == null) {
            error = thrown;
        }
    }
}
