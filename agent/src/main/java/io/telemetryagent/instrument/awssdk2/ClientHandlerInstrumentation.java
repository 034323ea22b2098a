package io.telemetryagent.instrument.awssdk2;

import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.none;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * The AWS SDK v2's client handlers ({@code BaseSyncClientHandler}, {@code BaseAsyncClientHandler}
 * in sdk-core, under these names since 2.0): every call of every service client goes through
 * their {@code execute}, on the caller's thread. Woven, it brackets the part of a call made on
 * that thread: a sync call's HTTP request, an async call's set-up before its future is returned.
 */
public final class ClientHandlerInstrumentation implements TypeInstrumentation {

    public static final String SYNC = "software.amazon.awssdk.core.internal.handler.BaseSyncClientHandler";
    public static final String ASYNC = "software.amazon.awssdk.core.internal.handler.BaseAsyncClientHandler";

    private final String className;

    public ClientHandlerInstrumentation(String className) {
        this.className = className;
    }

    @Override
    public String className() {
        return className;
    }

    @Override
    public String moduleName() {
        return null;
    }

    @Override
    public List<MethodHook> hooks() {
        return List.of(MethodHook.span(named("execute").argument(0,
                        "software.amazon.awssdk.core.client.handler.ClientExecutionParams"), HookId.AWS2_EXECUTE, none())
                .end(none(), false, false));
    }
}
