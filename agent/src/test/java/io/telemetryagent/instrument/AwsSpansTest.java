package io.telemetryagent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.telemetryagent.trace.Sampler;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.TraceHeader;
import io.telemetryagent.trace.Tracer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AwsSpansTest {

    private final List<Span> exported = new ArrayList<>();
    private final Tracer tracer = new Tracer("orders", new Sampler(100), exported::add, true, true, true);

    @AfterEach
    void clear() {
        Tracer.makeCurrent(null);
        BackendGuard.exit(null);
    }

    @ParameterizedTest
    @CsvSource({
        "DynamoDb, DynamoDB", "AmazonDynamoDBv2, DynamoDB", "Sqs, SQS", "AmazonSQS, SQS", "Sns, SNS",
        "AmazonSNS, SNS", "S3, S3", "Amazon S3, S3", "Lambda, Lambda", "AWSLambda, Lambda", "Sts, STS",
        "AWSSecurityTokenService, STS", "Kinesis, Kinesis", "AmazonKinesis, Kinesis"})
    void namesTheServiceAsXRayDoes(String sdkName, String xrayName) {
        assertEquals(xrayName, AwsSpans.xrayName(sdkName));
    }

    @Test
    void theHttpRequestBeneathAnAwsCallIsNotRecordedAgain() {
        tracer.startInbound(TraceHeader.parse("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"));
        Object token = AwsSpans.enterCall();
        Span call = AwsSpans.start(tracer, "DynamoDB");
        assertNotNull(call.aws(), "a sampled call records its aws facts");
        BackendGuard.enter(call);

        assertNull(BackendSpans.start(tracer, "POST", "https://dynamodb.eu-west-1.amazonaws.com/"), "no HTTP span beneath");
        assertSame(call, AwsSpans.activeCall());

        AwsSpans.exitCall(token);
        assertNull(AwsSpans.activeCall(), "the thread's later calls are its own");
        assertNotNull(BackendSpans.start(tracer, "GET", "https://example.com/"), "and recorded again");
    }

    @Test
    void anUnrelatedBackendCallInProgressIsRestoredAfterTheAwsCall() {
        tracer.startInbound(TraceHeader.parse("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"));
        Span http = BackendSpans.start(tracer, "GET", "https://example.com/");
        BackendGuard.enter(http);
        Object token = AwsSpans.enterCall();
        BackendGuard.enter(AwsSpans.start(tracer, "S3"));
        AwsSpans.exitCall(token);
        assertSame(http, BackendGuard.active());
    }

    @Test
    void withTheBackendLayerOffNoAwsSpanStarts() {
        Tracer off = new Tracer("orders", new Sampler(100), exported::add, true, true, false);
        off.startInbound(null);
        assertNull(AwsSpans.start(off, "SQS"));
    }
}
