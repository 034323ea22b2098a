package io.telemetryagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetryagent.trace.Ids;
import io.telemetryagent.trace.Span;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SegmentWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final SegmentWriter writer = new SegmentWriter("orders", "1.2.3", "1.0.0", "AWS::ECS::Container");

    static Span root(String name) {
        return Span.root(Ids.newTraceId(System.currentTimeMillis() / 1000), Ids.newSegmentId(), null,
                Span.Kind.ROUTER, true, name);
    }

    private List<String> write(Span root) {
        List<String> documents = new ArrayList<>();
        assertEquals(0, writer.write(root, documents::add));
        return documents;
    }

    private JsonNode only(Span root) throws IOException {
        List<String> documents = write(root);
        assertEquals(1, documents.size());
        return JSON.readTree(documents.get(0));
    }

    @Test
    void writesTheSegmentWithServiceAgentAndOrigin() throws IOException {
        Span root = Span.root(Ids.newTraceId(1_700_000_000L), Ids.newSegmentId(), "53995c3f42cd8ad8",
                Span.Kind.ROUTER, true, "orders");
        root.end();

        JsonNode doc = only(root);

        assertEquals("orders", doc.get("name").asText());
        assertEquals(root.id(), doc.get("id").asText());
        assertEquals(root.traceId(), doc.get("trace_id").asText());
        assertEquals("53995c3f42cd8ad8", doc.get("parent_id").asText());
        assertEquals("1.2.3", doc.at("/service/version").asText());
        assertEquals("telemetry-agent", doc.at("/aws/xray/sdk").asText());
        assertEquals("1.0.0", doc.at("/aws/xray/sdk_version").asText());
        assertTrue(doc.at("/aws/xray/auto_instrumentation").asBoolean());
        assertEquals("AWS::ECS::Container", doc.get("origin").asText());
        assertFalse(doc.has("in_progress"));
        assertFalse(doc.has("type"));
        assertFalse(doc.has("namespace"));
    }

    @Test
    void leavesOutParentIdAndOriginWhenUnknown() throws IOException {
        SegmentWriter plain = new SegmentWriter("orders", "1.2.3", "1.0.0", null);
        Span root = root("orders");
        root.end();
        List<String> documents = new ArrayList<>();
        plain.write(root, documents::add);

        JsonNode doc = JSON.readTree(documents.get(0));

        assertFalse(doc.has("parent_id"));
        assertFalse(doc.has("origin"));
    }

    private String seconds(long epochMicros) throws IOException {
        java.io.StringWriter text = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator g = new com.fasterxml.jackson.core.JsonFactory().createGenerator(text)) {
            g.writeStartObject();
            writer.writeSeconds(g, new com.fasterxml.jackson.core.io.SerializedString("t"), epochMicros);
            g.writeEndObject();
        }
        return text.toString();
    }

    @Test
    void writesTimesAsEpochSecondsWithExactMicroseconds() throws IOException {
        assertEquals("{\"t\":1700000000.123456}", seconds(1_700_000_000_123_456L));
        assertEquals("{\"t\":1700000000.000007}", seconds(1_700_000_000_000_007L));
        assertEquals("{\"t\":0.000000}", seconds(0));

        Span root = root("orders");
        root.end();
        String document = write(root).get(0);

        assertTrue(document.contains("\"start_time\":" + BigDecimal.valueOf(root.startEpochMicros(), 6).toPlainString() + ","),
                document);
        assertTrue(document.contains("\"end_time\":" + BigDecimal.valueOf(root.endEpochMicros(), 6).toPlainString()),
                document);
        assertEquals(BigDecimal.valueOf(root.startEpochMicros(), 6),
                JSON.readTree(document).get("start_time").decimalValue().setScale(6));
    }

    @Test
    void marksAChildNotEndedWithTheRootAsInProgress() throws IOException {
        Span root = root("orders");
        Span done = root.child(Ids.newSegmentId(), Span.Kind.PIPE, "done");
        done.end();
        root.child(Ids.newSegmentId(), Span.Kind.BACKEND, "slow.example.com");
        root.end();

        JsonNode subsegments = only(root).get("subsegments");

        assertEquals(2, subsegments.size());
        assertTrue(subsegments.get(0).has("end_time"));
        assertFalse(subsegments.get(0).has("in_progress"));
        assertTrue(subsegments.get(1).get("in_progress").asBoolean());
        assertFalse(subsegments.get(1).has("end_time"));
    }

    @Test
    void writesTheRouterSpansHttpRequestAndResponse() throws IOException {
        Span root = root("orders");
        root.httpRequest("GET", "http://shop.example.com/owners/7");
        root.client("203.0.113.9", true, "curl/8.5.0");
        root.status(200);
        root.contentLength(512);
        root.end();

        JsonNode http = only(root).get("http");

        assertEquals("GET", http.at("/request/method").asText());
        assertEquals("http://shop.example.com/owners/7", http.at("/request/url").asText());
        assertEquals("203.0.113.9", http.at("/request/client_ip").asText());
        assertTrue(http.at("/request/x_forwarded_for").asBoolean());
        assertEquals("curl/8.5.0", http.at("/request/user_agent").asText());
        assertFalse(http.get("request").has("traced"));
        assertEquals(200, http.at("/response/status").asInt());
        assertEquals(512, http.at("/response/content_length").asLong());
    }

    @Test
    void leavesOutWhatIsNotKnown() throws IOException {
        Span root = root("orders");
        root.httpRequest("GET", "http://shop.example.com/");
        root.client("10.0.0.1", false, null);
        root.end();

        JsonNode doc = only(root);

        assertFalse(doc.at("/http/request").has("x_forwarded_for"));
        assertFalse(doc.at("/http/request").has("user_agent"));
        assertFalse(doc.get("http").has("response"));
        assertFalse(doc.has("error") || doc.has("fault") || doc.has("throttle") || doc.has("cause"));
        assertFalse(doc.has("annotations"));
        assertFalse(doc.has("subsegments"));
    }

    @Test
    void writesABackendSubsegmentAsRemoteAndTraced() throws IOException {
        Span root = root("orders");
        Span call = root.child(Ids.newSegmentId(), Span.Kind.BACKEND, "api.example.com");
        call.httpRequest("POST", "https://api.example.com/pay");
        call.traced(true);
        call.status(201);
        call.contentLength(0);
        call.end();
        root.end();

        JsonNode sub = only(root).at("/subsegments/0");

        assertEquals("api.example.com", sub.get("name").asText());
        assertEquals(call.id(), sub.get("id").asText());
        assertEquals("remote", sub.get("namespace").asText());
        assertTrue(sub.at("/http/request/traced").asBoolean());
        assertEquals(201, sub.at("/http/response/status").asInt());
        assertEquals(0, sub.at("/http/response/content_length").asInt());
        assertFalse(sub.has("trace_id") || sub.has("parent_id") || sub.has("type"));
        assertFalse(sub.has("service") || sub.has("aws") || sub.has("origin"));
    }

    @ParameterizedTest
    @CsvSource({
        "200, false, false, false",
        "302, false, false, false",
        "404, true, false, false",
        "429, true, true, false",
        "500, false, false, true",
        "503, false, false, true"})
    void flagsTheStatus(int status, boolean error, boolean throttle, boolean fault) throws IOException {
        Span root = root("orders");
        root.status(status);
        root.end();

        JsonNode doc = only(root);

        assertEquals(error, doc.path("error").asBoolean(false));
        assertEquals(throttle, doc.path("throttle").asBoolean(false));
        assertEquals(fault, doc.path("fault").asBoolean(false));
    }

    @Test
    void anEscapedExceptionIsAFaultWithItsCause() throws IOException {
        Span root = root("orders");
        Span call = root.child(Ids.newSegmentId(), Span.Kind.BACKEND, "db.example.com");
        call.cause(new ConnectException("Connection refused"), true);
        call.end();
        root.end();

        JsonNode sub = only(root).at("/subsegments/0");

        assertTrue(sub.get("fault").asBoolean());
        assertFalse(sub.has("error"));
        JsonNode exception = sub.at("/cause/exceptions/0");
        assertTrue(exception.get("id").asText().matches("[0-9a-f]{16}"));
        assertEquals("java.net.ConnectException", exception.get("type").asText());
        assertEquals("Connection refused", exception.get("message").asText());
        assertTrue(exception.get("remote").asBoolean());
        JsonNode top = exception.at("/stack/0");
        assertEquals("SegmentWriterTest.java", top.get("path").asText());
        assertTrue(top.get("line").asInt() > 0);
        assertEquals(SegmentWriterTest.class.getName() + ".anEscapedExceptionIsAFaultWithItsCause",
                top.get("label").asText());
    }

    @Test
    void anExceptionWithA4xxStatusIsAnError() throws IOException {
        Span root = root("orders");
        root.status(400);
        root.cause(new IllegalArgumentException("bad id"), false);
        root.end();

        JsonNode doc = only(root);

        assertTrue(doc.get("error").asBoolean());
        assertFalse(doc.has("fault"));
        assertFalse(doc.at("/cause/exceptions/0").has("remote"));
    }

    @Test
    void keepsFiftyFramesAndCountsTheRest() throws IOException {
        Throwable deep = deepException(80);
        Span root = root("orders");
        root.cause(deep, false);
        root.end();

        JsonNode exception = only(root).at("/cause/exceptions/0");

        assertEquals(50, exception.get("stack").size());
        assertEquals(deep.getStackTrace().length - 50, exception.get("truncated").asInt());
        assertFalse(exception.has("message"));
    }

    private static Throwable deepException(int depth) {
        if (depth == 0) {
            return new IllegalStateException();
        }
        return deepException(depth - 1);
    }

    @Test
    void writesTheRouteAsAnAnnotation() throws IOException {
        Span root = root("GET /owners/:ownerId");
        root.route("/owners/{ownerId}");
        root.end();

        JsonNode doc = only(root);

        assertEquals("GET /owners/:ownerId", doc.get("name").asText());
        assertEquals("/owners/{ownerId}", doc.at("/annotations/route").asText());
    }

    @Test
    void keepsOnlyXRayNameCharacters() {
        assertEquals("GET /owners/:ownerId", SegmentWriter.sanitizeName("GET /owners/:ownerId"));
        assertEquals("GET /owners/ownerId", SegmentWriter.sanitizeName("GET /owners/{ownerId}"));
        assertEquals("a_b.c:d/e%f&g#h=i+j\\k-l@m n", SegmentWriter.sanitizeName("a_b.c:d/e%f&g#h=i+j\\k-l@m n"));
        assertEquals("abc", SegmentWriter.sanitizeName("a\tb<c>\n\"'*?!"));
        assertEquals("Café 東京 ٣", SegmentWriter.sanitizeName("Café 東京 ٣\uD83D\uDE00"));
        assertEquals(200, SegmentWriter.sanitizeName("x".repeat(300)).length());
        assertEquals(200, SegmentWriter.sanitizeName("{xy}".repeat(150)).length());
        assertEquals("", SegmentWriter.sanitizeName("{}<>"));
        assertEquals("", SegmentWriter.sanitizeName(null));
    }

    @Test
    void namesAreSanitisedInDocumentsWithASaneFallback() throws IOException {
        Span root = root("{}");
        root.child(Ids.newSegmentId(), Span.Kind.PIPE, "<handler>").end();
        root.child(Ids.newSegmentId(), Span.Kind.BACKEND, "???").end();
        root.end();

        JsonNode doc = only(root);

        assertEquals("orders", doc.get("name").asText());
        assertEquals("handler", doc.at("/subsegments/0/name").asText());
        assertEquals("backend", doc.at("/subsegments/1/name").asText());
        SegmentWriter nameless = new SegmentWriter("}{", "1", "1", null);
        List<String> documents = new ArrayList<>();
        nameless.write(root, documents::add);
        assertEquals("telemetry-agent", JSON.readTree(documents.get(0)).get("name").asText());
    }

    @Test
    void boundsHttpFieldsToTheSchemasLength() throws IOException {
        Span root = root("orders");
        root.httpRequest("GET", "http://shop.example.com/" + "p".repeat(400));
        root.client("203.0.113.9", false, "agent/" + "u".repeat(400));
        root.end();

        JsonNode request = only(root).at("/http/request");

        assertEquals(250, request.get("url").asText().length());
        assertEquals(250, request.get("user_agent").asText().length());
    }

    @Test
    void writesNothingForAnUnsampledSegment() {
        Span root = Span.root(Ids.newTraceId(1_700_000_000L), Ids.newSegmentId(), null, Span.Kind.ROUTER, false, "orders");
        root.child(Ids.newSegmentId(), Span.Kind.PIPE, "handler").end();
        root.end();

        assertTrue(write(root).isEmpty());
        assertTrue(write(Span.unrecorded(root.traceId(), null, true, null)).isEmpty());
    }

    @Test
    void keepsASegmentUnder64KBInOneDocument() {
        Span root = bigSegment(100);

        List<String> documents = write(root);

        assertEquals(1, documents.size());
        assertTrue(bytes(documents.get(0)) < SegmentWriter.MAX_DOCUMENT_BYTES);
    }

    @Test
    void splitsASegmentOver64KBIntoSubsegmentDocuments() throws IOException {
        Span root = bigSegment(165);
        Set<String> childIds = idsOf(root.children());

        List<String> documents = write(root);

        assertTrue(documents.size() > 1);
        JsonNode segment = JSON.readTree(documents.get(0));
        assertEquals(root.id(), segment.get("id").asText());
        assertFalse(segment.has("subsegments"));
        assertTrue(segment.has("aws"));
        Set<String> seen = new HashSet<>();
        for (String document : documents) {
            assertTrue(bytes(document) < SegmentWriter.MAX_DOCUMENT_BYTES, "document of " + bytes(document) + " bytes");
        }
        for (String document : documents.subList(1, documents.size())) {
            JsonNode sub = JSON.readTree(document);
            assertEquals("subsegment", sub.get("type").asText());
            assertEquals(root.traceId(), sub.get("trace_id").asText());
            assertEquals(root.id(), sub.get("parent_id").asText());
            assertTrue(sub.has("start_time") && sub.has("end_time") && sub.has("name"));
            assertFalse(sub.has("aws") || sub.has("service"));
            seen.add(sub.get("id").asText());
        }
        assertEquals(childIds, seen);
        int whole = totalBytes(bigSegment(165)); // a tree of its own: this one's spans went out already
        assertTrue(whole > 70 * 1024 && whole < 80 * 1024, "the test segment is 70 KB whole, not " + whole);
    }

    @Test
    void splitsASubsegmentStillTooBigOnItsOwn() throws IOException {
        Span root = root("orders");
        Span handler = root.child(Ids.newSegmentId(), Span.Kind.PIPE, "handler");
        List<Span> calls = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Span call = handler.child(Ids.newSegmentId(), Span.Kind.BACKEND, "api" + i + ".example.com");
            call.httpRequest("GET", "https://api" + i + ".example.com/" + "x".repeat(200));
            call.status(200);
            call.end();
            calls.add(call);
        }
        handler.end();
        root.end();

        List<String> documents = write(root);

        JsonNode handlerDoc = JSON.readTree(documents.get(1));
        assertEquals(handler.id(), handlerDoc.get("id").asText());
        assertEquals(root.id(), handlerDoc.get("parent_id").asText());
        assertFalse(handlerDoc.has("subsegments"));
        Set<String> seen = new HashSet<>();
        for (String document : documents.subList(2, documents.size())) {
            JsonNode call = JSON.readTree(document);
            assertEquals(handler.id(), call.get("parent_id").asText());
            assertEquals("remote", call.get("namespace").asText());
            seen.add(call.get("id").asText());
            assertTrue(bytes(document) < SegmentWriter.MAX_DOCUMENT_BYTES);
        }
        assertEquals(idsOf(calls), seen);
    }

    @Test
    void documentsHaveTheSchemasRequiredFields() throws IOException {
        for (String document : write(richSegment())) {
            JsonNode doc = JSON.readTree(document);
            for (String field : new String[] {"name", "id", "start_time", "trace_id"}) {
                assertTrue(doc.has(field), field + " in " + document);
            }
            assertEquals(16, doc.get("id").asText().length());
            assertTrue(doc.get("trace_id").asText().matches("1-[0-9a-f]{8}-[0-9a-f]{24}"));
            assertTrue(doc.get("start_time").isNumber());
            for (JsonNode sub : doc.path("subsegments")) {
                assertTrue(sub.has("name") && sub.has("id") && sub.has("start_time"), sub.toString());
            }
        }
    }

    @Test
    void documentsMatchTheSegmentDocumentSchema() throws IOException {
        SchemaCheck schema = SchemaCheck.load();
        Assumptions.assumeTrue(schema != null, "shared/data/" + SchemaCheck.FILE + " is not beside the work tree");
        List<String> documents = new ArrayList<>(write(richSegment()));
        documents.addAll(write(bigSegment(165)));

        for (String document : documents) {
            assertEquals(List.of(), schema.violations(JSON.readTree(document)), document);
        }
    }

    @Test
    void anExceptionSeenOnThePipeAndTheSegmentIsWrittenOnceAndReferredToById() throws IOException {
        IllegalStateException boom = new IllegalStateException("boom");
        Span root = root("orders");
        Span pipe = root.child(Ids.newSegmentId(), Span.Kind.PIPE, "GET /boom");
        pipe.cause(boom, false);
        pipe.end();
        root.cause(boom, false);
        root.status(500);
        root.end();

        JsonNode doc = only(root);

        JsonNode inner = doc.at("/subsegments/0/cause/exceptions/0");
        assertEquals("java.lang.IllegalStateException", inner.get("type").asText(), doc.toString());
        assertEquals(pipe.id(), inner.get("id").asText());
        assertTrue(inner.get("stack").size() > 0);
        assertEquals(inner.get("id").asText(), doc.get("cause").asText(), "the segment's cause is the pipe's exception id");
        assertTrue(doc.get("fault").asBoolean());
        assertEquals(1, doc.toString().split("\"stack\"", -1).length - 1, "one stack in the document");
        SchemaCheck schema = SchemaCheck.load();
        if (schema != null) {
            assertEquals(List.of(), schema.violations(doc), doc.toString());
        }
    }

    @Test
    void aCauseRefersToTheInnermostSpanThatRecordedTheSameException() throws IOException {
        ConnectException refused = new ConnectException("Connection refused");
        Span root = root("orders");
        Span pipe = root.child(Ids.newSegmentId(), Span.Kind.PIPE, "GET /call");
        Span call = pipe.child(Ids.newSegmentId(), Span.Kind.BACKEND, "api.example.com");
        call.cause(refused, true);
        call.end();
        pipe.cause(refused, false);
        pipe.end();
        root.cause(new IllegalStateException("another"), false);
        root.end();

        JsonNode doc = only(root);

        assertEquals(call.id(), doc.at("/subsegments/0/cause").asText(), doc.toString());
        assertEquals(call.id(), doc.at("/subsegments/0/subsegments/0/cause/exceptions/0/id").asText());
        assertEquals("another", doc.at("/cause/exceptions/0/message").asText(), "a different exception is written in full");
    }

    @Test
    void aCauseByIdHoldsWhenTheSegmentIsSplitIntoDocuments() throws IOException {
        IllegalStateException boom = new IllegalStateException("boom");
        // a segment too big for one document: its pipe goes as a subsegment document of its own
        Span big = root("orders");
        Span inner = big.child(Ids.newSegmentId(), Span.Kind.PIPE, "GET /boom");
        inner.cause(boom, false);
        inner.end();
        for (int i = 0; i < 400; i++) {
            Span call = big.child(Ids.newSegmentId(), Span.Kind.BACKEND, "service-" + i + ".example.com");
            call.httpRequest("GET", "https://service-" + i + ".example.com/" + "q".repeat(150));
            call.end();
        }
        big.cause(boom, false);
        big.end();

        List<String> documents = write(big);

        assertTrue(documents.size() > 1, "split");
        JsonNode segment = JSON.readTree(documents.get(0));
        assertEquals(inner.id(), segment.get("cause").asText());
        JsonNode pipeDoc = JSON.readTree(documents.get(1));
        assertEquals(inner.id(), pipeDoc.get("id").asText());
        assertEquals(inner.id(), pipeDoc.at("/cause/exceptions/0/id").asText());
    }

    @Test
    void theSchemaCheckCatchesABadDocument() throws IOException {
        SchemaCheck schema = SchemaCheck.load();
        Assumptions.assumeTrue(schema != null, "shared/data/" + SchemaCheck.FILE + " is not beside the work tree");

        List<String> violations = schema.violations(JSON.readTree(
                "{\"name\":\"a{b}\",\"id\":\"short\",\"start_time\":\"now\",\"annotations\":{\"a-b\":1}}"));

        assertEquals(5, violations.size(), violations.toString()); // name, id, start_time, trace_id, annotation key
    }

    /** A segment using every field the writer knows. */
    static Span richSegment() {
        Span root = Span.root(Ids.newTraceId(1_700_000_000L), Ids.newSegmentId(), "53995c3f42cd8ad8",
                Span.Kind.ROUTER, true, "orders");
        root.httpRequest("GET", "http://shop.example.com/owners/7");
        root.client("203.0.113.9", true, "curl/8.5.0");
        root.route("/owners/{ownerId}");
        Span pipe = root.child(Ids.newSegmentId(), Span.Kind.PIPE, "GET /owners/:ownerId");
        Span call = pipe.child(Ids.newSegmentId(), Span.Kind.BACKEND, "api.example.com");
        call.httpRequest("GET", "https://api.example.com/owners/7");
        call.traced(true);
        call.status(429);
        call.end();
        Span failed = pipe.child(Ids.newSegmentId(), Span.Kind.BACKEND, "db.example.com");
        failed.httpRequest("GET", "http://db.example.com/");
        failed.cause(new ConnectException("Connection refused"), true);
        failed.end();
        pipe.cause(new IllegalStateException("boom"), false);
        pipe.end();
        pipe.child(Ids.newSegmentId(), Span.Kind.BACKEND, "late.example.com");
        root.status(500);
        root.contentLength(12);
        root.end();
        return root;
    }

    static Span bigSegment(int children) {
        Span root = root("orders");
        root.httpRequest("GET", "http://shop.example.com/report");
        for (int i = 0; i < children; i++) {
            Span call = root.child(Ids.newSegmentId(), Span.Kind.BACKEND, "service-" + i + ".internal.example.com");
            call.httpRequest("GET", "https://service-" + i + ".internal.example.com/" + "q".repeat(150));
            call.traced(true);
            call.status(200);
            call.contentLength(1234);
            call.end();
        }
        root.end();
        return root;
    }

    private int totalBytes(Span root) {
        SegmentWriter unlimited = new SegmentWriter("orders", "1.2.3", "1.0.0", (String) null, Integer.MAX_VALUE);
        List<String> documents = new ArrayList<>();
        unlimited.write(root, documents::add);
        assertEquals(1, documents.size());
        return bytes(documents.get(0));
    }

    private static Set<String> idsOf(List<Span> spans) {
        Set<String> ids = new HashSet<>();
        for (Span span : spans) {
            ids.add(span.id());
        }
        assertNotNull(ids);
        return ids;
    }

    static int bytes(String document) {
        return document.getBytes(StandardCharsets.UTF_8).length;
    }
    @Test
    void aSubsegmentThatOutlivedItsSegmentIsWrittenAsADocumentOfItsOwn() throws IOException {
        Span root = root("orders");
        Span call = root.child(Ids.newSegmentId(), Span.Kind.BACKEND, "api.example.com");
        call.httpRequest("GET", "https://api.example.com/pets");
        root.end();
        call.status(200);
        call.end();

        JsonNode doc = only(call);
        assertEquals("subsegment", doc.get("type").asText());
        assertEquals(root.traceId(), doc.get("trace_id").asText());
        assertEquals(root.id(), doc.get("parent_id").asText());
        assertEquals(call.id(), doc.get("id").asText());
        assertEquals("remote", doc.get("namespace").asText());
        assertEquals(200, doc.get("http").get("response").get("status").asInt());
        assertTrue(doc.has("end_time"));
    }

    @Test
    void aSubsegmentEndingAsItsSegmentIsSentGoesOnceWhicheverDocumentIsWrittenFirst() throws IOException {
        Span root = root("orders");
        Span call = root.child(Ids.newSegmentId(), Span.Kind.BACKEND, "api.example.com");
        call.end();
        root.end();
        assertEquals(1, write(root).size());
        assertTrue(write(call).isEmpty(), "the segment carried it ended already");

        Span root2 = root("orders");
        Span call2 = root2.child(Ids.newSegmentId(), Span.Kind.BACKEND, "api.example.com");
        root2.end();
        call2.end();
        assertEquals(1, write(call2).size(), "sent on its own first");
        JsonNode segment = only(root2);
        assertFalse(segment.has("subsegments"), "and not again inside its segment: " + segment);
    }
}
