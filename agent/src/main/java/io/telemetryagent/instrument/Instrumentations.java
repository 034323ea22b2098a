package io.telemetryagent.instrument;

import io.telemetryagent.bootstrap.Hook;
import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.httpserver.FilterChainInstrumentation;
import io.telemetryagent.instrument.httpserver.HttpServerTracing;
import io.telemetryagent.instrument.urlconnection.HttpUrlConnectionInstrumentation;
import io.telemetryagent.instrument.urlconnection.ResponseCodeInstrumentation;
import io.telemetryagent.instrument.urlconnection.UrlConnectionTracing;
import io.telemetryagent.trace.Tracer;
import java.util.List;

/** Everything the agent instruments: the classes, their advice, and the hooks the advice calls. */
public final class Instrumentations {

    private Instrumentations() {}

    /**
     * The target classes by name, for premain: naming them loads no Byte Buddy class. The same
     * set as {@link #all()}'s class names (a unit test holds them equal).
     */
    public static List<String> classNames() {
        return List.of(
                "com.sun.net.httpserver.Filter$Chain",
                "sun.net.www.protocol.http.HttpURLConnection",
                "java.net.HttpURLConnection");
    }

    public static List<TypeInstrumentation> all() {
        return List.of(
                new FilterChainInstrumentation(),
                new HttpUrlConnectionInstrumentation(),
                new ResponseCodeInstrumentation());
    }

    /** The hook of every {@link HookId} slot, wired to the tracer. */
    public static Hook[] hooks(Tracer tracer) {
        Hook[] hooks = new Hook[HookId.COUNT];
        hooks[HookId.HTTP_SERVER] = new HttpServerTracing(tracer);
        hooks[HookId.URL_CONNECTION_SEND] = new UrlConnectionTracing(tracer, false);
        hooks[HookId.URL_CONNECTION_RECEIVE] = new UrlConnectionTracing(tracer, true);
        return hooks;
    }
}
