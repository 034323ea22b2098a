package io.telemetryagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetryagent.trace.AwsCall;
import io.telemetryagent.trace.Ids;
import io.telemetryagent.trace.Span;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code aws} block of an AWS SDK call's subsegment, as X-Ray's console reads it. */
class AwsFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SegmentWriter writer = new SegmentWriter("orders", "1.2.3", "1.0.0", null);

    private static Span root() {
        return Span.root(Ids.newTraceId(System.currentTimeMillis() / 1000), Ids.newSegmentId(), null,
                Span.Kind.ROUTER, true, "orders");
    }

    private JsonNode only(Span root) throws IOException {
        List<String> documents = new ArrayList<>();
        writer.write(root, documents::add);
        assertEquals(1, documents.size());
        JsonNode doc = JSON.readTree(documents.get(0));
        SchemaCheck schema = SchemaCheck.load();
        if (schema != null) {
            assertEquals(List.of(), schema.violations(doc));
        }
        return doc;
    }

    @Test
    void writesAnAwsCallAsAnAwsSubsegmentWithItsFacts() throws IOException {
        Span root = root();
        Span call = root.child(Ids.newSegmentId(), Span.Kind.AWS, "DynamoDB");
        AwsCall aws = new AwsCall();
        aws.operation("GetItem");
        aws.region("eu-west-1");
        aws.requestId("RQ1");
        aws.resources(new String[] {"table_name", "orders"});
        aws.attempt();
        aws.attempt();
        call.aws(aws);
        call.traced(true);
        call.status(200);
        call.end();
        root.end();

        JsonNode sub = only(root).at("/subsegments/0");

        assertEquals("DynamoDB", sub.get("name").asText());
        assertEquals("aws", sub.get("namespace").asText());
        assertEquals("GetItem", sub.at("/aws/operation").asText());
        assertEquals("eu-west-1", sub.at("/aws/region").asText());
        assertEquals("RQ1", sub.at("/aws/request_id").asText());
        assertEquals(1, sub.at("/aws/retries").asInt());
        assertEquals("orders", sub.at("/aws/table_name").asText());
        assertTrue(sub.at("/http/request/traced").asBoolean());
        assertEquals(200, sub.at("/http/response/status").asInt());
        assertFalse(sub.has("error") || sub.has("fault") || sub.has("throttle"));
    }

    @Test
    void aThrottledCallIsFlaggedEvenWhenTheServiceAnswered400() throws IOException {
        Span root = root();
        Span call = root.child(Ids.newSegmentId(), Span.Kind.AWS, "DynamoDB");
        AwsCall aws = new AwsCall();
        aws.throttled(true);
        aws.tableNames(List.of("a", "b"));
        call.aws(aws);
        call.status(400);
        call.cause(new IllegalStateException("Rate exceeded"), true);
        call.end();
        root.end();

        JsonNode sub = only(root).at("/subsegments/0");

        assertTrue(sub.get("error").asBoolean());
        assertTrue(sub.get("throttle").asBoolean());
        assertFalse(sub.has("fault"));
        assertEquals(0, sub.at("/aws/retries").asInt());
        assertEquals("a", sub.at("/aws/table_names/0").asText());
        assertEquals("b", sub.at("/aws/table_names/1").asText());
        assertTrue(sub.at("/cause/exceptions/0/remote").asBoolean());
    }

    @Test
    void anAwsCallThatIsTheSegmentKeepsTheSegmentsOwnAwsBlock() throws IOException {
        Span root = Span.root(Ids.newTraceId(System.currentTimeMillis() / 1000), Ids.newSegmentId(), null,
                Span.Kind.AWS, true, "orders");
        AwsCall aws = new AwsCall();
        aws.operation("GetItem");
        root.aws(aws);
        root.end();

        JsonNode doc = only(root);

        assertEquals("telemetry-agent", doc.at("/aws/xray/sdk").asText());
        assertFalse(doc.at("/aws").has("operation"), "one aws object, the segment's");
        assertFalse(doc.has("namespace"));
    }
}
