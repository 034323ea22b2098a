package io.telemetryagent.instrument.urlconnection;

import static io.telemetryagent.instrument.MethodHook.inheritedField;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.instrument.HookSettings;
import io.telemetryagent.instrument.Hooks;
import io.telemetryagent.instrument.Library;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.Slot;
import io.telemetryagent.instrument.Target;
import java.util.List;

/** The JDK's {@code HttpURLConnection}: its woven calls reach the tracer only through the bridge. */
public final class UrlConnectionLibrary extends Library {

    /**
     * The JDK's HTTP and HTTPS connection (the HTTPS one delegates to a subclass of it):
     * connect / getOutputStream start the call; its response comes later.
     */
    private final Target connection = targets("sun.net.www.protocol.http.HttpURLConnection");
    /**
     * {@code java.net.HttpURLConnection.getResponseCode}: the JDK's implementation asks for the
     * response twice inside it (getInputStream, then getHeaderField), and after a refused
     * connection each ask dials again; counting the whole call as one outermost call makes it one span.
     */
    private final Target responseCode = targets("java.net.HttpURLConnection");

    /** connect or getOutputStream: the request is sent. */
    private final Slot send = hook();
    /** getInputStream or getResponseCode: the response is read, the call ends. */
    private final Slot receive = hook();

    public UrlConnectionLibrary() {
        super("HttpURLConnection");
    }

    @Override
    protected List<MethodHook> weave(Target target, String className) {
        if (target == responseCode) {
            return List.of(receive(named("getResponseCode").arguments(0)));
        }
        return List.of(
                MethodHook.span(named("connect", "getOutputStream").arguments(0), send, self(), connected(),
                                responseCode()).end(self(), false, true),
                receive(named("getInputStream").arguments(0)));
    }

    private MethodHook receive(MethodHook.Methods methods) {
        return MethodHook.span(methods, receive, self(), connected(), responseCode()).end(self(), false, true);
    }

    /** Whether it has connected, and its response code (-1 before a response): the hook tells a fresh call by them. */
    private static MethodHook.Value connected() {
        return inheritedField("connected", "Z");
    }

    private static MethodHook.Value responseCode() {
        return inheritedField("responseCode", "I");
    }

    @Override
    protected void makeHooks(Hooks hooks, HookSettings settings) {
        hooks.put(send, new UrlConnectionTracing(settings.tracer(), false));
        hooks.put(receive, new UrlConnectionTracing(settings.tracer(), true));
    }

    /** java.base classes: their hooks are not made while one of them is transformed. */
    @Override
    protected boolean hooksAtStart() {
        return true;
    }
}
