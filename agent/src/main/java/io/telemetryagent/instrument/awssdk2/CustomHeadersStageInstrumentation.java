package io.telemetryagent.instrument.awssdk2;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.result;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * The AWS SDK v2 pipeline stage that merges the headers of the client's and the request's override
 * configuration into the request, once per call and after the interceptors' {@code modifyHttpRequest}
 * (same name and signature in 2.20 and 2.59). As it returns, the request builder it hands on is
 * mutable: the hook keeps the app's own trace header there. Should a version rename the stage, the
 * calls are still traced, only an app's header set that way is sent beside ours.
 */
public final class CustomHeadersStageInstrumentation implements TypeInstrumentation {

    public static final String CLASS_NAME = "software.amazon.awssdk.core.internal.http.pipeline.stages.MergeCustomHeadersStage";

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
        return List.of(MethodHook.atReturn(named("execute").arguments(2)
                        .argument(0, "software.amazon.awssdk.http.SdkHttpFullRequest$Builder"),
                HookId.AWS2_CUSTOM_HEADERS, result(), argument(1)));
    }
}
