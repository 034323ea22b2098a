package io.telemetryagent.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A structural check of documents against X-Ray's segment document schema: the subset of JSON
 * Schema that file uses ({@code type}, {@code required}, {@code properties}, {@code items},
 * {@code $ref}, {@code oneOf}, lengths, patterns, {@code patternProperties}). The black-box
 * tests validate fully with a schema library; the agent module has none.
 */
final class SchemaCheck {

    static final String FILE = "xray-segmentdocument-schema-v1.0.0.json";

    private final JsonNode schema;

    private SchemaCheck(JsonNode schema) {
        this.schema = schema;
    }

    /** The schema from {@code shared/data/} beside the work tree, or null when it is not there. */
    static SchemaCheck load() throws IOException {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data").resolve(FILE);
            if (Files.isRegularFile(candidate)) {
                return new SchemaCheck(FakeXRay.JSON.readTree(candidate.toFile()));
            }
        }
        return null;
    }

    /** The violations of {@code document}, as JSON pointers with a reason; empty when valid. */
    List<String> violations(JsonNode document) {
        List<String> out = new ArrayList<>();
        check(document, schema, "", out);
        return out;
    }

    private void check(JsonNode value, JsonNode rule, String at, List<String> out) {
        if (rule.has("$ref")) {
            String ref = rule.get("$ref").asText(); // "#/definitions/name"
            check(value, schema.at(ref.substring(1)), at, out);
            return;
        }
        if (rule.has("oneOf")) {
            int matches = 0;
            for (JsonNode option : rule.get("oneOf")) {
                List<String> sub = new ArrayList<>();
                check(value, option, at, sub);
                if (sub.isEmpty()) {
                    matches++;
                }
            }
            if (matches != 1) {
                out.add(at + ": matches " + matches + " of oneOf");
            }
            return;
        }
        if (rule.has("type") && !hasType(value, rule.get("type"))) {
            out.add(at + ": not of type " + rule.get("type"));
            return;
        }
        if (value.isTextual()) {
            String text = value.asText();
            if (rule.has("minLength") && text.length() < rule.get("minLength").asInt()) {
                out.add(at + ": shorter than " + rule.get("minLength"));
            }
            if (rule.has("maxLength") && text.length() > rule.get("maxLength").asInt()) {
                out.add(at + ": longer than " + rule.get("maxLength"));
            }
            if (rule.has("pattern") && !Pattern.compile(rule.get("pattern").asText()).matcher(text).find()) {
                out.add(at + ": does not match the pattern: " + text);
            }
        }
        if (value.isObject()) {
            for (JsonNode required : rule.path("required")) {
                if (!value.has(required.asText())) {
                    out.add(at + ": misses required " + required.asText());
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String path = at + "/" + field.getKey();
                JsonNode property = rule.path("properties").get(field.getKey());
                boolean matched = property != null;
                if (property != null) {
                    check(field.getValue(), property, path, out);
                }
                for (Iterator<Map.Entry<String, JsonNode>> p = rule.path("patternProperties").fields(); p.hasNext(); ) {
                    Map.Entry<String, JsonNode> pattern = p.next();
                    if (Pattern.compile(pattern.getKey()).matcher(field.getKey()).find()) {
                        matched = true;
                        check(field.getValue(), pattern.getValue(), path, out);
                    }
                }
                JsonNode additional = rule.get("additionalProperties");
                if (!matched && additional != null) {
                    if (additional.isBoolean() && !additional.asBoolean()) {
                        out.add(path + ": not allowed");
                    } else if (additional.isObject()) {
                        check(field.getValue(), additional, path, out);
                    }
                }
            }
        }
        if (value.isArray() && rule.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), rule.get("items"), at + "/" + i, out);
            }
        }
    }

    private static boolean hasType(JsonNode value, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (hasType(value, one)) {
                    return true;
                }
            }
            return false;
        }
        switch (type.asText()) {
            case "string": return value.isTextual();
            case "number": return value.isNumber();
            case "integer": return value.isIntegralNumber();
            case "boolean": return value.isBoolean();
            case "object": return value.isObject();
            case "array": return value.isArray();
            default: return true;
        }
    }
}
