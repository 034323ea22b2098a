package io.telemetryagent.instrument.httpserver;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.field;
import static io.telemetryagent.instrument.MethodHook.named;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;
import java.util.ListIterator;

/**
 * {@code com.sun.net.httpserver.Filter.Chain.doFilter}: every exchange passes through it, with
 * user filters, then system filters, then the context's handler.
 */
public final class FilterChainInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "com.sun.net.httpserver.Filter$Chain";
    }

    @Override
    public String moduleName() {
        return "jdk.httpserver";
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(
                // The hook reads the chain's iterator: with no filter left, this call hands the
                // exchange to the handler.
                MethodHook.span(named("doFilter").arguments(1), HookId.HTTP_SERVER, argument(0),
                                field("iter", "Ljava/util/ListIterator;"),
                                field("handler", "Lcom/sun/net/httpserver/HttpHandler;"))
                        .end(argument(0), false, true));
    }
}
