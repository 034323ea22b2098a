package io.telemetryagent.instrument.apachehttp4;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.none;
import static io.telemetryagent.instrument.MethodHook.self;

import io.telemetryagent.instrument.HookSettings;
import io.telemetryagent.instrument.Hooks;
import io.telemetryagent.instrument.Library;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.Slot;
import io.telemetryagent.instrument.Target;
import java.util.List;

/** Apache HttpClient 4.x. */
public final class ApacheHttpClient4Library extends Library {

    /**
     * The clients ({@code InternalHttpClient}, built by {@code HttpClients} and
     * {@code HttpClientBuilder}, and {@code MinimalHttpClient}): every {@code execute} overload ends
     * in {@code doExecute(HttpHost, HttpRequest, HttpContext)}, once per call, redirects and
     * retries happening inside it.
     */
    private final Target clients = targets("org.apache.http.impl.client.InternalHttpClient",
            "org.apache.http.impl.client.MinimalHttpClient");
    /**
     * The last link of the execution chain ({@code MainClientExec}, or {@code MinimalClientExec}
     * for the minimal client), which sends each attempt of a call. It gets the client's own
     * wrapper of the app's request (with the app's interceptors applied), so the trace header goes
     * on the wrapper and the app's request object stays as it was.
     */
    private final Target execs = targets("org.apache.http.impl.execchain.MainClientExec",
            "org.apache.http.impl.execchain.MinimalClientExec");

    private final Slot execute = hook();
    private final Slot requestHeaders = hook();

    public ApacheHttpClient4Library() {
        super("Apache HttpClient 4");
    }

    @Override
    protected List<MethodHook> weave(Target target, String className) {
        if (target == clients) {
            return List.of(
                    MethodHook.span(named("doExecute").arguments(3), execute, self(), argument(0), argument(1))
                            .end(self(), true, true));
        }
        return List.of(MethodHook.call(named("execute").arguments(4), requestHeaders, none(), argument(1)));
    }

    @Override
    protected void makeHooks(Hooks hooks, HookSettings settings) {
        hooks.put(execute, new ApacheHttpClient4Tracing(settings.tracer()));
        hooks.put(requestHeaders, new ApacheHttpClient4Tracing.RequestHeaders());
    }
}
