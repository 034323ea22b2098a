package io.telemetryagent.instrument.awssdk2;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.none;
import static io.telemetryagent.instrument.MethodHook.result;

import io.telemetryagent.instrument.HookSettings;
import io.telemetryagent.instrument.Hooks;
import io.telemetryagent.instrument.Library;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.Slot;
import io.telemetryagent.instrument.Target;
import java.util.List;

/** The AWS SDK v2 (2.x, sdk-core). */
public final class AwsSdk2Library extends Library {

    /**
     * The client handlers ({@code BaseSyncClientHandler}, {@code BaseAsyncClientHandler}, under
     * these names since 2.0): every call of every service client goes through their
     * {@code execute}, on the caller's thread. Woven, it brackets the part of a call made on that
     * thread: a sync call's HTTP request, an async call's set-up before its future is returned.
     */
    private final Target handlers = targets("software.amazon.awssdk.core.internal.handler.BaseSyncClientHandler",
            "software.amazon.awssdk.core.internal.handler.BaseAsyncClientHandler");
    /**
     * {@code ExecutionInterceptorChain}: the SDK calls it at each step of a call (the same public
     * methods, with the same arguments, from 2.0 to 2.5x), passing the call's context and its
     * {@code ExecutionAttributes}. Weaving the chain rather than adding an
     * {@code ExecutionInterceptor} keeps the agent out of the host's class loader and out of the
     * clients' configuration: every client is traced, however it was built.
     */
    private final Target interceptorChain = targets("software.amazon.awssdk.core.interceptor.ExecutionInterceptorChain");
    /**
     * The pipeline stage that merges the headers of the client's and the request's override
     * configuration into the request, once per call and after the interceptors'
     * {@code modifyHttpRequest} (same name and signature in 2.20 and 2.59). As it returns, the
     * request builder it hands on is mutable: the hook keeps the app's own trace header there.
     * Should a version rename the stage, the calls are still traced, only an app's header set that
     * way is sent beside ours.
     */
    private final Target customHeadersStage =
            targets("software.amazon.awssdk.core.internal.http.pipeline.stages.MergeCustomHeadersStage");

    /** The part of a call on the caller's thread. */
    private final Slot execute = hook();
    /** The call starts (its request and attributes). */
    private final Slot beforeExecution = hook();
    /** The HTTP request every attempt sends. */
    private final Slot httpRequest = hook();
    /** One attempt is sent. */
    private final Slot attempt = hook();
    private final Slot afterExecution = hook();
    private final Slot failure = hook();
    /** The app's own X-Amzn-Trace-Id, merged in after ours, is the one kept. */
    private final Slot customHeaders = hook();

    public AwsSdk2Library() {
        super("AWS SDK v2");
    }

    @Override
    protected List<MethodHook> weave(Target target, String className) {
        if (target == handlers) {
            return List.of(MethodHook.span(named("execute").argument(0,
                            "software.amazon.awssdk.core.client.handler.ClientExecutionParams"), execute, none())
                    .end(none(), false, false));
        }
        if (target == interceptorChain) {
            return List.of(
                    MethodHook.call(step("beforeExecution"), beforeExecution, none(), argument(0), argument(1)),
                    MethodHook.replaceArgument(step("modifyHttpRequestAndHttpContent"), 0, httpRequest),
                    MethodHook.call(step("beforeTransmission"), attempt, none(), argument(0), argument(1)),
                    MethodHook.call(step("afterExecution"), afterExecution, none(), argument(0), argument(1)),
                    MethodHook.call(step("onExecutionFailure"), failure, none(), argument(0), argument(1)));
        }
        return List.of(MethodHook.atReturn(named("execute").arguments(2)
                        .argument(0, "software.amazon.awssdk.http.SdkHttpFullRequest$Builder"),
                customHeaders, result(), argument(1)));
    }

    private static MethodHook.Methods step(String name) {
        return named(name).arguments(2).argument(1, "software.amazon.awssdk.core.interceptor.ExecutionAttributes");
    }

    @Override
    protected void makeHooks(Hooks hooks, HookSettings settings) {
        hooks.put(execute, new AwsSdk2Tracing(settings.tracer(), AwsSdk2Tracing.Step.EXECUTE));
        hooks.put(beforeExecution, new AwsSdk2Tracing(settings.tracer(), AwsSdk2Tracing.Step.BEFORE_EXECUTION));
        hooks.put(httpRequest, new AwsSdk2Tracing(settings.tracer(), AwsSdk2Tracing.Step.HTTP_REQUEST));
        hooks.put(attempt, new AwsSdk2Tracing(settings.tracer(), AwsSdk2Tracing.Step.ATTEMPT));
        hooks.put(afterExecution, new AwsSdk2Tracing(settings.tracer(), AwsSdk2Tracing.Step.AFTER_EXECUTION));
        hooks.put(failure, new AwsSdk2Tracing(settings.tracer(), AwsSdk2Tracing.Step.FAILURE));
        hooks.put(customHeaders, new AwsSdk2Tracing(settings.tracer(), AwsSdk2Tracing.Step.CUSTOM_HEADERS));
    }
}
