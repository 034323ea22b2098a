package io.telemetryagent.instrument;

import io.telemetryagent.instrument.httpserver.FilterChainInstrumentation;
import io.telemetryagent.instrument.urlconnection.HttpUrlConnectionInstrumentation;
import io.telemetryagent.instrument.urlconnection.ResponseCodeInstrumentation;
import java.util.List;

/** Everything the agent instruments. */
public final class Instrumentations {

    private Instrumentations() {}

    /**
     * The target classes by name, for premain: naming them loads no Byte Buddy class. Kept in the
     * order and the set of {@link #all()}.
     */
    public static List<String> classNames() {
        return List.of("com.sun.net.httpserver.Filter$Chain", "sun.net.www.protocol.http.HttpURLConnection",
                "java.net.HttpURLConnection");
    }

    public static List<TypeInstrumentation> all() {
        return List.of(new FilterChainInstrumentation(), new HttpUrlConnectionInstrumentation(),
                new ResponseCodeInstrumentation());
    }
}
