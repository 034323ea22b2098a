package io.telemetryagent.instrument.awssdk2;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.instrument.AwsSpans;
import io.telemetryagent.instrument.BackendGuard;
import io.telemetryagent.instrument.BackendSpans;
import io.telemetryagent.instrument.WeakIdentityTable;
import io.telemetryagent.trace.AwsCall;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.TraceHeader;
import io.telemetryagent.trace.Tracer;
import java.io.IOException;

/**
 * AWS SDK for Java v2 calls, sync and async alike. A call's steps pass through the client's
 * {@code ExecutionInterceptorChain} with one {@code ExecutionAttributes} object for the whole
 * call, which keys the call's span here ({@link #CALLS}):
 * <ul>
 *   <li>{@code beforeExecution}, on the caller's thread: the span starts under the current
 *       context, and becomes the backend call in progress on that thread, until the client
 *       handler's {@code execute} returns ({@link Step#EXECUTE}), so that the HTTP client beneath
 *       records nothing of its own;</li>
 *   <li>{@code modifyHttpRequestAndHttpContent}, before the retry loop: the request every attempt
 *       sends gets {@code X-Amzn-Trace-Id};</li>
 *   <li>the pipeline's {@code MergeCustomHeadersStage}, right after: a header the app set in its
 *       client's or request's override configuration, merged in after ours, is the one kept;</li>
 *   <li>{@code beforeTransmission}: one per attempt ({@code aws.retries});</li>
 *   <li>{@code afterExecution} or {@code onExecutionFailure}, on the thread that completes the
 *       call (an async call's future completes right after): the span ends.</li>
 * </ul>
 */
public final class AwsSdk2Tracing extends AgentHook {

    /** Which step of a call the hook is woven into. */
    public enum Step { EXECUTE, BEFORE_EXECUTION, HTTP_REQUEST, CUSTOM_HEADERS, ATTEMPT, AFTER_EXECUTION, FAILURE }

    /** The span of each call in flight, by its ExecutionAttributes. */
    private static final WeakIdentityTable<Span> CALLS = new WeakIdentityTable<>(65_536);

    private final Tracer tracer;
    private final Step step;

    public AwsSdk2Tracing(Tracer tracer, Step step) {
        super("AWS SDK v2");
        this.tracer = tracer;
        this.step = step;
    }

    @Override
    protected Object onEnter(Object self, Object context, Object attributes) {
        switch (step) {
            case EXECUTE:
                return AwsSpans.enterCall();
            case BEFORE_EXECUTION:
                start(context, attributes);
                return null;
            case HTTP_REQUEST:
                return withHeader(context);
            case CUSTOM_HEADERS:
                keepTheAppsHeader(self, context);
                return null;
            case ATTEMPT: {
                Span span = CALLS.get(attributes);
                AwsCall call = span == null ? null : span.aws();
                if (call != null) {
                    call.attempt();
                }
                return null;
            }
            case AFTER_EXECUTION:
                succeeded(context, attributes);
                return null;
            case FAILURE:
                failed(context, attributes);
                return null;
            default:
                return null;
        }
    }

    @Override
    protected void onExit(Object token, Object self, Object result, Throwable thrown) {
        if (step == Step.EXECUTE) {
            AwsSpans.exitCall(token);
        }
    }

    private void start(Object context, Object attributes) {
        if (attributes == null) {
            return;
        }
        Span current = Tracer.current();
        boolean unsampled = current != null && !current.sampled();
        SdkFacts.Attributes keys = unsampled ? null : SdkFacts.attributes(attributes);
        Span span = AwsSpans.start(tracer, unsampled ? null : AwsSpans.xrayName(SdkFacts.serviceName(keys, attributes)));
        if (span == null) {
            return;
        }
        AwsCall call = span.aws();
        if (call != null) {
            call.operation(SdkFacts.operationName(keys, attributes));
            call.region(SdkFacts.region(keys, attributes));
            Object request = SdkFacts.REQUEST.invoke(context);
            call.resources(SdkFacts.resources(request));
            call.tableNames(SdkFacts.tableNames(request));
            if (!CALLS.put(attributes, span)) {
                tracer.end(span, false, null); // beyond the bound: this call goes unrecorded
                return;
            }
        }
        // An unsampled call has nothing to record or end: only its header to send, on this thread.
        BackendGuard.enter(span); // undone as the client handler's execute returns
    }

    /** The interceptor context with the trace header on its HTTP request, or null to leave it as it is. */
    private static Object withHeader(Object context) {
        Span span = AwsSpans.activeCall();
        if (span == null || context == null) {
            return null;
        }
        Object request = SdkFacts.HTTP_REQUEST.invoke(context);
        if (request == null || SdkFacts.header(request, TraceHeader.NAME) != null) {
            return null; // the app's own header is kept
        }
        Object withHeader = SdkFacts.BUILD.invoke(
                SdkFacts.PUT_HEADER.invoke(SdkFacts.TO_BUILDER.invoke(request), TraceHeader.NAME, BackendSpans.header(span)));
        try {
            Object copy = SdkFacts.BUILD.invoke(SdkFacts.setHttpRequest(SdkFacts.TO_BUILDER.invoke(context), withHeader));
            if (copy != null) {
                span.traced(true);
            }
            return copy;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /**
     * {@code builder} is the request after the app's override headers were merged in: when the app
     * set its own trace header there, the request carries ours then the app's, and only the app's
     * stays (then the call is not traced downstream by us).
     */
    private static void keepTheAppsHeader(Object builder, Object executionContext) {
        Object headers = SdkFacts.HEADERS.invoke(builder);
        if (!(headers instanceof java.util.Map)) {
            return;
        }
        java.util.List<?> values = null;
        for (java.util.Map.Entry<?, ?> header : ((java.util.Map<?, ?>) headers).entrySet()) {
            if (TraceHeader.NAME.equalsIgnoreCase(String.valueOf(header.getKey())) && header.getValue() instanceof java.util.List) {
                values = (java.util.List<?>) header.getValue();
            }
        }
        if (values == null || values.size() < 2) {
            return;
        }
        SdkFacts.PUT_HEADER.invoke(builder, TraceHeader.NAME, String.valueOf(values.get(values.size() - 1)));
        Span span = CALLS.get(SdkFacts.EXECUTION_ATTRIBUTES.invoke(executionContext));
        if (span != null) {
            span.traced(false);
        }
    }

    private void succeeded(Object context, Object attributes) {
        Span span = CALLS.remove(attributes);
        if (span == null) {
            return;
        }
        Object response = SdkFacts.HTTP_RESPONSE.invoke(context);
        AwsCall call = span.aws();
        if (call != null) {
            requestIds(call, response);
        }
        Object status = SdkFacts.STATUS_CODE.invoke(response);
        AwsSpans.finish(tracer, span, status instanceof Integer ? (Integer) status : 0);
    }

    private void failed(Object context, Object attributes) {
        Span span = CALLS.remove(attributes);
        if (span == null) {
            return;
        }
        Object exception = SdkFacts.EXCEPTION.invoke(context);
        Object answer = SdkFacts.HTTP_RESPONSE.invoke(context);
        Object response = answer instanceof java.util.Optional ? ((java.util.Optional<?>) answer).orElse(null) : null;
        int status = 0;
        Object code = SdkFacts.STATUS_CODE.invoke(response);
        if (code instanceof Integer) {
            status = (Integer) code;
        }
        // Only a service exception (the service answered) has isThrottlingException(), a status and a request id.
        boolean serviceAnswered = SdkFacts.IS_THROTTLING.invoke(exception) != null;
        if (status <= 0 && serviceAnswered) {
            Object fromException = SdkFacts.STATUS_CODE.invoke(exception);
            status = fromException instanceof Integer ? (Integer) fromException : 0;
        }
        AwsCall call = span.aws();
        if (call != null) {
            requestIds(call, response);
            if (call.requestId() == null && serviceAnswered) {
                call.requestId((String) SdkFacts.REQUEST_ID.invoke(exception));
                call.requestId2((String) SdkFacts.EXTENDED_REQUEST_ID.invoke(exception));
            }
            call.throttled(Boolean.TRUE.equals(SdkFacts.IS_THROTTLING.invoke(exception)));
        }
        Throwable thrown = exception instanceof Throwable ? (Throwable) exception : null;
        boolean remote = serviceAnswered || (thrown != null && thrown.getCause() instanceof IOException);
        AwsSpans.fail(tracer, span, status, thrown, remote);
    }

    /** The request ids the service answered with: most services' header, or S3's two. */
    private static void requestIds(AwsCall call, Object response) {
        if (response == null) {
            return;
        }
        String id = SdkFacts.header(response, "x-amzn-RequestId");
        if (id == null) {
            id = SdkFacts.header(response, "x-amz-request-id");
        }
        call.requestId(id);
        call.requestId2(SdkFacts.header(response, "x-amz-id-2"));
    }
}
