package io.telemetryagent.instrument.urlconnection;

import static io.telemetryagent.instrument.MethodHook.inheritedField;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * The JDK's HTTP and HTTPS connection ({@code sun.net.www.protocol.http.HttpURLConnection}; the
 * HTTPS one delegates to a subclass of it), a bootstrap class: its woven calls reach the tracer
 * only through the bridge. connect / getOutputStream start the call; its response comes later.
 */
public final class HttpUrlConnectionInstrumentation implements TypeInstrumentation {

    @Override
    public String className() {
        return "sun.net.www.protocol.http.HttpURLConnection";
    }

    @Override
    public String moduleName() {
        return "java.base";
    }

    /** Whether it has connected, and its response code (-1 before a response): the hook tells a fresh call by them. */
    private static final MethodHook.Value CONNECTED = inheritedField("connected", "Z");
    private static final MethodHook.Value RESPONSE_CODE = inheritedField("responseCode", "I");

    /** getInputStream (and getResponseCode): the response is read, the call ends. */
    static MethodHook receive(MethodHook.Methods methods) {
        return MethodHook.span(methods, HookId.URL_CONNECTION_RECEIVE, self(), CONNECTED, RESPONSE_CODE)
                .end(self(), false, true);
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(
                MethodHook.span(named("connect", "getOutputStream").arguments(0), HookId.URL_CONNECTION_SEND,
                                self(), CONNECTED, RESPONSE_CODE)
                        .end(self(), false, true),
                receive(named("getInputStream").arguments(0)));
    }
}
