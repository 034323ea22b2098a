package io.telemetryagent.instrument.jdkhttp;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.constructors;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.instrument.HookSettings;
import io.telemetryagent.instrument.Hooks;
import io.telemetryagent.instrument.Library;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.Slot;
import io.telemetryagent.instrument.Target;
import java.util.List;

/** {@code java.net.http.HttpClient}, in module java.net.http. */
public final class JdkHttpClientLibrary extends Library {

    /**
     * The client's implementation ({@code HttpClient.newHttpClient()} returns a facade that
     * delegates to it). {@code send} calls the private four-argument {@code sendAsync} that every
     * public {@code sendAsync} ends in: a call made with {@code send} ends when it returns, one
     * made with {@code sendAsync} when its future completes.
     */
    private final Target client = targets("jdk.internal.net.http.HttpClientImpl");
    /**
     * The client's own copy of the app's (immutable) {@code HttpRequest}, made at the start of
     * every call: its user headers are what goes on the wire, for HTTP/1.1 and HTTP/2 alike, and
     * follow the call through redirects. The trace header is added to the copy only, so the app's
     * request, and the one {@code HttpResponse.request()} returns, stay as the app built them.
     */
    private final Target request = targets("jdk.internal.net.http.HttpRequestImpl");

    private final Slot send = hook();
    private final Slot sendAsync = hook();
    private final Slot requestHeaders = hook();

    public JdkHttpClientLibrary() {
        super("java.net.http.HttpClient");
    }

    @Override
    protected List<MethodHook> weave(Target target, String className) {
        if (target == client) {
            return List.of(
                    MethodHook.span(named("send").arguments(2), send, self(), argument(0)).end(self(), true, true),
                    MethodHook.span(named("sendAsync").arguments(4), sendAsync, self(), argument(0))
                            .end(self(), true, true));
        }
        return List.of(
                MethodHook.replaceFieldAtReturn(constructors().arguments(2)
                                .argument(0, "java.net.http.HttpRequest").argument(1, "java.net.ProxySelector"),
                        "userHeaders", "Ljava/net/http/HttpHeaders;", requestHeaders));
    }

    @Override
    protected void makeHooks(Hooks hooks, HookSettings settings) {
        hooks.put(send, new JdkHttpClientTracing(settings.tracer(), false));
        hooks.put(sendAsync, new JdkHttpClientTracing(settings.tracer(), true));
        hooks.put(requestHeaders, new JdkHttpClientTracing.RequestHeaders());
    }
}
