package io.telemetryagent.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks every received segment document goes through, whichever way it came (X-Ray's API
 * or the daemon's UDP): X-Ray's 64 KB limit and the X-Ray segment document schema.
 */
public final class SegmentSchema {

    /** The largest segment document X-Ray accepts. */
    public static final int MAX_DOCUMENT_BYTES = 64 * 1024;

    private static final JsonSchema SCHEMA = load();

    private SegmentSchema() {}

    /** One line per problem of {@code doc} ({@code bytes} long in UTF-8), each naming its id and name. */
    public static List<String> violations(JsonNode doc, int bytes) {
        List<String> violations = new ArrayList<>();
        String label = doc.path("id").asText("?") + " \"" + doc.path("name").asText("?") + "\"";
        if (bytes > MAX_DOCUMENT_BYTES) {
            violations.add(label + ": " + bytes + " bytes, over X-Ray's 64 KB");
        }
        for (ValidationMessage message : SCHEMA.validate(doc)) {
            violations.add(label + ": " + message.getMessage());
        }
        return violations;
    }

    private static JsonSchema load() {
        try (InputStream in = SegmentSchema.class.getResourceAsStream("/xray-segmentdocument-schema-v1.0.0.json")) {
            if (in == null) {
                throw new IllegalStateException("xray-segmentdocument-schema-v1.0.0.json is not on the class path");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
