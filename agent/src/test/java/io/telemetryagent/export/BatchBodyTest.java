package io.telemetryagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void carriesEveryDocumentAsAJsonStringThatReadsBackUnchanged() throws IOException {
        List<String> documents = List.of(
                "{\"name\":\"plain\"}",
                "{\"name\":\"quote \\\" and backslash \\\\ and slash /\"}",
                "{\"name\":\"caf\u00e9 \u20ac \uD83D\uDE80 \u4e2d\"}",
                "tab\tnew line\ncontrol \u0001 \u001f end");
        BatchBody body = new BatchBody();
        documents.forEach(body::add);
        body.close();

        JsonNode array = JSON.readTree(body.copy()).get("TraceSegmentDocuments");
        assertEquals(documents.size(), array.size());
        for (int i = 0; i < documents.size(); i++) {
            assertEquals(documents.get(i), array.get(i).asText());
        }
        assertEquals(documents.size(), body.documents());
    }

    @Test
    void growsPastItsFirstBufferAndStartsAfreshAfterClear() throws IOException {
        BatchBody body = new BatchBody();
        for (int i = 0; i < 50; i++) {
            body.add("{\"id\":\"" + i + "\",\"pad\":\"" + "\\\"\\\\".repeat(1500) + "\"}");
        }
        body.close();
        body.close(); // a retry sends the same bytes
        JsonNode array = JSON.readTree(body.copy()).get("TraceSegmentDocuments");
        assertEquals(50, array.size());
        assertEquals("{\"id\":\"49\",\"pad\":\"" + "\\\"\\\\".repeat(1500) + "\"}", array.get(49).asText());

        body.clear();
        body.add("{}");
        body.close();
        assertEquals("{\"TraceSegmentDocuments\":[\"{}\"]}", new String(body.copy(), StandardCharsets.UTF_8));
        assertEquals(1, body.documents());
    }

    @Test
    void aSentBodyTakesNoMoreDocumentsUntilCleared() {
        BatchBody body = new BatchBody();
        body.add("{}");
        body.close();
        assertThrows(IllegalStateException.class, () -> body.add("{}"));
    }
}
