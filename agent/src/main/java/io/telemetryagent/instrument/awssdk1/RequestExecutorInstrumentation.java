package io.telemetryagent.instrument.awssdk1;

import static io.telemetryagent.instrument.MethodHook.field;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.none;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * The AWS SDK v1's {@code AmazonHttpClient$RequestExecutor} (1.11 and 1.12): every service
 * client's call runs its {@code execute()} once, on the caller's thread, and {@code
 * executeOneRequest} once per attempt inside it. The call's {@code Request} (service, operation,
 * headers, the app's original request) is the executor's own field.
 */
public final class RequestExecutorInstrumentation implements TypeInstrumentation {

    public static final String CLASS_NAME = "com.amazonaws.http.AmazonHttpClient$RequestExecutor";

    @Override
    public String className() {
        return CLASS_NAME;
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(
                MethodHook.span(named("execute").arguments(0), HookId.AWS1_EXECUTE, field("request", "Lcom/amazonaws/Request;"))
                        .end(none(), true, true),
                MethodHook.call(named("executeOneRequest").arguments(1), HookId.AWS1_ATTEMPT));
    }
}
