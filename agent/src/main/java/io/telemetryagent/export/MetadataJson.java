package io.telemetryagent.export;

import io.telemetryagent.json.JsonParser;
import io.telemetryagent.json.JsonSyntaxException;
import io.telemetryagent.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The fields of a JSON object a metadata endpoint or a platform file answers with: strings and
 * numbers as text, nested objects by name. Anything else, or text that is not a JSON object,
 * reads as empty: a platform detail we cannot read is left out, never guessed.
 */
final class MetadataJson {

    private final Map<String, String> scalars;
    private final Map<String, MetadataJson> objects;

    private MetadataJson(Map<String, String> scalars, Map<String, MetadataJson> objects) {
        this.scalars = scalars;
        this.objects = objects;
    }

    static final MetadataJson EMPTY = new MetadataJson(Collections.<String, String>emptyMap(),
            Collections.<String, MetadataJson>emptyMap());

    static MetadataJson parse(byte[] utf8) {
        try {
            JsonParser parser = new JsonParser(utf8);
            JsonValue value = parser.value();
            return value.isObject() ? of(value) : EMPTY;
        } catch (JsonSyntaxException | RuntimeException e) {
            return EMPTY;
        }
    }

    static MetadataJson parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MetadataJson of(JsonValue object) {
        Map<String, String> scalars = new HashMap<>();
        Map<String, MetadataJson> objects = new HashMap<>();
        for (Map.Entry<String, JsonValue> field : object.fields().entrySet()) {
            JsonValue value = field.getValue();
            if (value.isString()) {
                scalars.put(field.getKey(), value.text());
            } else if (value.isNumber()) {
                scalars.put(field.getKey(), value.scalarText());
            } else if (value.isObject()) {
                objects.put(field.getKey(), of(value));
            }
        }
        return new MetadataJson(scalars, objects);
    }

    /** A string or number field as text, or null. */
    String text(String name) {
        return scalars.get(name);
    }

    /** A nested object, or {@link #EMPTY}. */
    MetadataJson object(String name) {
        MetadataJson object = objects.get(name);
        return object == null ? EMPTY : object;
    }
}
