package io.telemetryagent.instrument.awssdk1;

import io.telemetryagent.instrument.AgentHook;
import io.telemetryagent.instrument.AwsSpans;
import io.telemetryagent.instrument.BackendSpans;
import io.telemetryagent.instrument.LibraryMethod;
import io.telemetryagent.instrument.OutboundCall;
import io.telemetryagent.trace.AwsCall;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.TraceHeader;
import io.telemetryagent.trace.Tracer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AWS SDK for Java v1 calls: the span covers {@code RequestExecutor.execute()}, retries included;
 * the trace header goes on the call's {@code Request} before the first attempt, so every attempt
 * (each signed anew) carries it. The call is the backend call in progress on its thread
 * ({@link OutboundCall}), so the Apache HttpClient beneath records nothing of its own. An async
 * client runs the same executor on its pool's thread, in the context of the caller.
 */
public final class AwsSdk1Tracing extends OutboundCall {

    private static final LibraryMethod SERVICE_NAME = new LibraryMethod("getServiceName");
    private static final LibraryMethod ORIGINAL_REQUEST = new LibraryMethod("getOriginalRequest");
    private static final LibraryMethod HEADERS = new LibraryMethod("getHeaders");
    private static final LibraryMethod ADD_HEADER = new LibraryMethod("addHeader", String.class, String.class);
    private static final LibraryMethod HTTP_RESPONSE = new LibraryMethod("getHttpResponse");
    private static final LibraryMethod STATUS_CODE = new LibraryMethod("getStatusCode");
    private static final LibraryMethod REQUEST_ID = new LibraryMethod("getRequestId");
    private static final LibraryMethod ERROR_CODE = new LibraryMethod("getErrorCode");
    private static final LibraryMethod REQUEST_ITEMS = new LibraryMethod("getRequestItems");
    private static final LibraryMethod HEADER = new LibraryMethod("getHeader", String.class);

    /** Getters of the app's request and the X-Ray {@code aws} fields they become. */
    private static final LibraryMethod[] RESOURCE_GETTERS = {
        new LibraryMethod("getTableName"), new LibraryMethod("getQueueUrl"), new LibraryMethod("getQueueName"),
        new LibraryMethod("getBucketName"), new LibraryMethod("getFunctionName"), new LibraryMethod("getTopicArn"),
        new LibraryMethod("getStreamName"),
    };
    private static final String[] RESOURCE_FIELDS = {
        "table_name", "queue_url", "queue_name", "bucket_name", "function_name", "topic_arn", "stream_name",
    };

    public AwsSdk1Tracing(Tracer tracer) {
        super("AWS SDK v1", tracer);
    }

    /** {@code request}: the executor's {@code Request}, the call's. */
    @Override
    protected Span start(Object request, Object unused, Object unused2) {
        if (request == null) {
            return null;
        }
        Span current = Tracer.current();
        String service = current != null && !current.sampled() ? null
                : AwsSpans.xrayName((String) SERVICE_NAME.invoke(request));
        Span span = AwsSpans.start(tracer, service);
        if (span == null) {
            return null;
        }
        AwsCall call = span.aws();
        if (call != null) {
            describe(call, request);
        }
        Object headers = HEADERS.invoke(request);
        if (headers instanceof Map && !((Map<?, ?>) headers).containsKey(TraceHeader.NAME)) {
            ADD_HEADER.invoke(request, TraceHeader.NAME, BackendSpans.header(span));
            span.traced(true);
        }
        return span;
    }

    /** The status of the SDK's {@code Response} (its HTTP response's). */
    @Override
    protected int status(Object response) {
        Object status = STATUS_CODE.invoke(HTTP_RESPONSE.invoke(response));
        return status instanceof Integer ? (Integer) status : 0;
    }

    /** An AWS subsegment records no length. */
    @Override
    protected long contentLength(Object response) {
        return -1;
    }

    /** As an HTTP call's, with the request ids of the answer, and throttling told from other failures. */
    @Override
    protected void end(Span span, Object response, Throwable thrown) {
        AwsCall call = span.aws();
        if (thrown == null) {
            Object http = HTTP_RESPONSE.invoke(response);
            if (call != null) {
                Object id = HEADER.invoke(http, "x-amzn-RequestId");
                if (id == null) {
                    id = HEADER.invoke(http, "x-amz-request-id");
                }
                call.requestId(id instanceof String ? (String) id : null);
                Object id2 = HEADER.invoke(http, "x-amz-id-2");
                call.requestId2(id2 instanceof String ? (String) id2 : null);
            }
            AwsSpans.finish(tracer, span, status(response));
            return;
        }
        // Only an AmazonServiceException (the service answered) has a status, a request id and an error code.
        Object status = STATUS_CODE.invoke(thrown);
        boolean serviceAnswered = status instanceof Integer && (Integer) status > 0;
        if (call != null && serviceAnswered) {
            Object id = REQUEST_ID.invoke(thrown);
            call.requestId(id instanceof String ? (String) id : null);
            call.throttled((Integer) status == 429 || isThrottling(ERROR_CODE.invoke(thrown)));
        }
        AwsSpans.fail(tracer, span, serviceAnswered ? (Integer) status : 0, thrown,
                serviceAnswered || thrown.getCause() instanceof IOException);
    }

    /** {@code executeOneRequest}: one attempt of the call in progress on this thread is sent. */
    public static final class Attempt extends AgentHook {

        public Attempt() {
            super("AWS SDK v1");
        }

        @Override
        protected Object onEnter(Object self, Object unused, Object unused2) {
            Span span = AwsSpans.activeCall();
            AwsCall call = span == null ? null : span.aws();
            if (call != null) {
                call.attempt();
            }
            return null;
        }

        @Override
        protected void onExit(Object token, Object self, Object result, Throwable thrown) {
        }
    }

    private static void describe(AwsCall call, Object request) {
        Object original = ORIGINAL_REQUEST.invoke(request);
        if (original != null) {
            String type = original.getClass().getSimpleName();
            call.operation(type.endsWith("Request") ? type.substring(0, type.length() - 7) : type);
        }
        call.region(V1Context.signingRegion(request));
        List<String> found = null;
        for (int i = 0; i < RESOURCE_GETTERS.length; i++) {
            Object value = RESOURCE_GETTERS[i].invoke(original);
            if (value instanceof String) {
                if (found == null) {
                    found = new ArrayList<>(2);
                }
                found.add(RESOURCE_FIELDS[i]);
                found.add((String) value);
            }
        }
        if (found != null) {
            call.resources(found.toArray(new String[0]));
        }
        Object items = REQUEST_ITEMS.invoke(original);
        if (items instanceof Map && !((Map<?, ?>) items).isEmpty()) {
            List<String> tables = new ArrayList<>();
            for (Object table : ((Map<?, ?>) items).keySet()) {
                tables.add(String.valueOf(table));
            }
            call.tableNames(tables);
        }
    }

    /** The error codes the SDKs retry as throttling (v1's RetryUtils, v2's AwsErrorCode). */
    static boolean isThrottling(Object errorCode) {
        if (!(errorCode instanceof String)) {
            return false;
        }
        switch ((String) errorCode) {
            case "Throttling":
            case "ThrottlingException":
            case "ThrottledException":
            case "RequestThrottledException":
            case "TooManyRequestsException":
            case "ProvisionedThroughputExceededException":
            case "TransactionInProgressException":
            case "RequestLimitExceeded":
            case "BandwidthLimitExceeded":
            case "LimitExceededException":
            case "RequestThrottled":
            case "SlowDown":
            case "PriorRequestNotComplete":
            case "EC2ThrottledException":
                return true;
            default:
                return false;
        }
    }
}
