package io.telemetryagent.instrument.httpserver;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.field;
import static io.telemetryagent.instrument.MethodHook.named;

import io.telemetryagent.instrument.HookSettings;
import io.telemetryagent.instrument.Hooks;
import io.telemetryagent.instrument.Library;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.Slot;
import io.telemetryagent.instrument.Target;
import java.util.List;

/**
 * The JDK's own HTTP server ({@code com.sun.net.httpserver}): {@code Filter.Chain.doFilter}, which
 * every exchange passes through, with user filters, then system filters, then the context's handler.
 */
public final class HttpServerLibrary extends Library {

    private final Slot exchange = hook();

    public HttpServerLibrary() {
        super("com.sun.net.httpserver");
        targets("com.sun.net.httpserver.Filter$Chain");
    }

    @Override
    protected List<MethodHook> weave(Target target, String className) {
        return List.of(
                // The hook reads the chain's iterator: with no filter left, this call hands the
                // exchange to the handler.
                MethodHook.span(named("doFilter").arguments(1), exchange, argument(0),
                                field("iter", "Ljava/util/ListIterator;"),
                                field("handler", "Lcom/sun/net/httpserver/HttpHandler;"))
                        .end(argument(0), false, true));
    }

    @Override
    protected void makeHooks(Hooks hooks, HookSettings settings) {
        hooks.put(exchange, new HttpServerTracing(settings.tracer()));
    }

    /** A JDK module's class: its hook is not made while the class is transformed. */
    @Override
    protected boolean hooksAtStart() {
        return true;
    }
}
