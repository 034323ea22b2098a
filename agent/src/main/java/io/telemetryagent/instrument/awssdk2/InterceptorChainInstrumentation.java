package io.telemetryagent.instrument.awssdk2;

import static io.telemetryagent.instrument.MethodHook.argument;
import static io.telemetryagent.instrument.MethodHook.named;
import static io.telemetryagent.instrument.MethodHook.none;

import io.telemetryagent.bootstrap.HookId;
import io.telemetryagent.instrument.MethodHook;
import io.telemetryagent.instrument.TypeInstrumentation;
import java.util.List;

/**
 * The AWS SDK v2's {@code ExecutionInterceptorChain}: the SDK calls it at each step of a call
 * (the same public methods, with the same arguments, from 2.0 to 2.5x), passing the call's context
 * and its {@code ExecutionAttributes}. Weaving the chain rather than adding an
 * {@code ExecutionInterceptor} keeps the agent out of the host's class loader and out of the
 * clients' configuration: every client is traced, however it was built.
 */
public final class InterceptorChainInstrumentation implements TypeInstrumentation {

    public static final String CLASS_NAME = "software.amazon.awssdk.core.interceptor.ExecutionInterceptorChain";
    private static final String ATTRIBUTES = "software.amazon.awssdk.core.interceptor.ExecutionAttributes";

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
                MethodHook.call(step("beforeExecution"), HookId.AWS2_BEFORE_EXECUTION, none(), argument(0), argument(1)),
                MethodHook.replaceArgument(step("modifyHttpRequestAndHttpContent"), 0, HookId.AWS2_HTTP_REQUEST),
                MethodHook.call(step("beforeTransmission"), HookId.AWS2_ATTEMPT, none(), argument(0), argument(1)),
                MethodHook.call(step("afterExecution"), HookId.AWS2_AFTER_EXECUTION, none(), argument(0), argument(1)),
                MethodHook.call(step("onExecutionFailure"), HookId.AWS2_FAILURE, none(), argument(0), argument(1)));
    }

    private static MethodHook.Methods step(String name) {
        return named(name).arguments(2).argument(1, ATTRIBUTES);
    }
}
