package io.telemetryagent.instrument;

import io.telemetryagent.trace.AwsCall;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.Tracer;

/**
 * What an AWS SDK call records, whichever SDK makes it: one subsegment with {@code namespace: aws}
 * named after the service as X-Ray names it, its {@code aws} facts ({@link AwsCall}), and the
 * HTTP request beneath it recorded by nobody else: while the call is the backend call in progress
 * on a thread ({@link BackendGuard}), the tracer starts no HTTP client span there.
 */
public final class AwsSpans {

    private AwsSpans() {}

    /** What {@link #enterCall} returns when no backend call was in progress: a token must not be null. */
    private static final Object NO_CALL = new Object();

    /**
     * Starts the span of a call to {@code service} (an X-Ray name, {@link #xrayName}) under the
     * current context; a sampled one gets its {@link AwsCall}. Null when the backend layer is off.
     */
    public static Span start(Tracer tracer, String service) {
        Span current = Tracer.current();
        Span span = tracer.startChild(Span.Kind.AWS, current != null && !current.sampled() ? null : service);
        if (span != null && span.sampled()) {
            span.aws(new AwsCall());
        }
        return span;
    }

    /**
     * The SDK's part of a call on the caller's thread begins: whatever call it marks in progress
     * ({@link BackendGuard#enter}) is unmarked at {@link #exitCall}, so that the thread's later
     * HTTP calls (an async call returns at once) are recorded again.
     */
    public static Object enterCall() {
        Span previous = BackendGuard.active();
        return previous == null ? NO_CALL : previous;
    }

    /** Ends what {@link #enterCall} began, with its token. */
    public static void exitCall(Object token) {
        BackendGuard.exit(token == NO_CALL ? null : (Span) token);
    }

    /** The AWS call in progress on this thread, or null. */
    public static Span activeCall() {
        Span span = BackendGuard.active();
        return span != null && span.kind() == Span.Kind.AWS ? span : null;
    }

    /** Ends the span with the HTTP {@code status} of the last answer (0 when none came). */
    public static void finish(Tracer tracer, Span span, int status) {
        if (span.sampled() && status > 0) {
            span.status(status);
        }
        tracer.end(span, false, null);
    }

    /** Ends the span of a call that failed with {@code thrown}: {@code remote} when the service answered with it. */
    public static void fail(Tracer tracer, Span span, int status, Throwable thrown, boolean remote) {
        if (span.sampled()) {
            if (status > 0) {
                span.status(status);
            }
            if (thrown != null) {
                span.cause(thrown, remote);
            }
        }
        tracer.end(span, false, null);
    }

    /**
     * The service's name as X-Ray's console and service map name it, from the SDK's own: v2's
     * service name ({@code DynamoDb}, {@code Sqs}) or v1's ({@code AmazonDynamoDBv2},
     * {@code AmazonSQS}, {@code AWSSecurityTokenService}).
     */
    public static String xrayName(String sdkName) {
        if (sdkName == null) {
            return "AWS";
        }
        String name = sdkName;
        if (name.startsWith("Amazon")) {
            name = name.substring(6).trim();
        } else if (name.startsWith("AWS")) {
            name = name.substring(3).trim();
        }
        switch (name) {
            case "DynamoDb":
            case "DynamoDBv2":
                return "DynamoDB";
            case "Sqs":
                return "SQS";
            case "Sns":
                return "SNS";
            case "Sts":
            case "SecurityTokenService":
                return "STS";
            case "Ssm":
            case "SimpleSystemsManagement":
                return "SSM";
            case "Kms":
                return "KMS";
            case "Ec2":
                return "EC2";
            case "Sfn":
            case "StepFunctions":
                return "SFN";
            case "Ses":
            case "SimpleEmailService":
                return "SES";
            case "Iam":
            case "IdentityManagement":
                return "IAM";
            case "Ecs":
                return "ECS";
            default:
                return name.isEmpty() ? sdkName : name;
        }
    }
}
