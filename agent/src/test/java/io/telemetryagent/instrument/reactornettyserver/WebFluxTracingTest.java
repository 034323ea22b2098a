package io.telemetryagent.instrument.reactornettyserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.telemetryagent.trace.Sampler;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the WebFlux pipe is named and which error it keeps, from the attributes Spring leaves on its
 * exchange (the black-box suite, WebFluxSuite, runs the real Spring on Reactor Netty).
 */
class WebFluxTracingTest {

    private final Tracer tracer = new Tracer("svc", new Sampler(100), root -> { }, true, true, true);

    @AfterEach
    void clear() {
        Tracer.makeCurrent(null);
    }

    private Span finished(Map<String, Object> attributes, int status, Throwable error) {
        Span router = tracer.startInbound(null);
        Span pipe = tracer.startChild(Span.Kind.PIPE, WebFluxTracing.DISPATCHER);
        ServerRequest request = new ServerRequest(router, "GET");
        request.pipe(pipe, attributes);
        WebFluxTracing.finishPipe(request, pipe, status, error);
        return pipe;
    }

    @Test
    void thePipeIsNamedByTheTemplateSpringMatchedAndKeepsItAsRoute() {
        // Spring's PathPattern prints as its pattern string.
        Span pipe = finished(Map.of(WebFluxTracing.BEST_MATCHING_PATTERN, new StringBuilder("/items/{id}")), 200, null);
        assertEquals("GET /items/:id", pipe.name());
        assertEquals("/items/{id}", pipe.route());
    }

    @Test
    void a404WithoutARouteIsNoRouteAndWithoutSpringItKeepsTheDispatchersName() {
        assertEquals("GET no route", finished(new HashMap<>(), 404, null).name());
        assertEquals(WebFluxTracing.DISPATCHER, finished(null, 200, null).name());
        // A wildcard route that answered 404 from a handler that is not Spring's resource handler is its route.
        assertEquals("GET /files/%2A%2A", finished(Map.of(WebFluxTracing.BEST_MATCHING_PATTERN, "/files/**",
                WebFluxTracing.BEST_MATCHING_HANDLER, new Object()), 404, null).name());
    }

    @Test
    void theErrorSpringAnsweredIsTakenFromItsOwnAttributeThenBoots() {
        IllegalStateException handled = new IllegalStateException("handled");
        IllegalStateException boot = new IllegalStateException("boot");
        assertSame(handled, WebFluxTracing.handledError(Map.of(WebFluxTracing.HANDLED_EXCEPTION, handled,
                WebFluxTracing.BOOT_ERROR, boot)));
        assertSame(boot, WebFluxTracing.handledError(Map.of(WebFluxTracing.BOOT_ERROR, boot)));
        assertNull(WebFluxTracing.handledError(Map.of(WebFluxTracing.HANDLED_EXCEPTION, "not an exception")));
        assertNull(WebFluxTracing.handledError(null));
        assertSame(handled, finished(Map.of(), 500, handled).cause());
    }
}
