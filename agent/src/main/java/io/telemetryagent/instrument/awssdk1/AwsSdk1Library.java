package io.telemetryagent.instrument.awssdk1;

import static io.telemetryagent.instrument.MethodHook.field;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.none;

import io.telemetryagent.instrument.HookSettings;
import io.telemetryagent.instrument.Hooks;
import io.telemetryagent.instrument.Library;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.Slot;
import io.telemetryagent.instrument.Target;
import java.util.List;

/**
 * The AWS SDK v1 (1.11 and 1.12): {@code AmazonHttpClient$RequestExecutor}, whose
 * {@code execute()} every service client's call runs once, on the caller's thread, and
 * {@code executeOneRequest} once per attempt inside it. The call's {@code Request} (service,
 * operation, headers, the app's original request) is the executor's own field.
 */
public final class AwsSdk1Library extends Library {

    private final Slot execute = hook();
    private final Slot attempt = hook();

    public AwsSdk1Library() {
        super("AWS SDK v1");
        targets("com.amazonaws.http.AmazonHttpClient$RequestExecutor");
    }

    @Override
    protected List<MethodHook> weave(Target target, String className) {
        return List.of(
                MethodHook.span(named("execute").arguments(0), execute, field("request", "Lcom/amazonaws/Request;"))
                        .end(none(), true, true),
                MethodHook.call(named("executeOneRequest").arguments(1), attempt));
    }

    @Override
    protected void makeHooks(Hooks hooks, HookSettings settings) {
        hooks.put(execute, new AwsSdk1Tracing(settings.tracer()));
        hooks.put(attempt, new AwsSdk1Tracing.Attempt());
    }
}
