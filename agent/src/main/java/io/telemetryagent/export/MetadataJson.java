package io.telemetryagent.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
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

    private static final JsonFactory JSON = new JsonFactory();

    static MetadataJson parse(byte[] utf8) {
        try (JsonParser parser = JSON.createParser(utf8)) {
            return parser.nextToken() == JsonToken.START_OBJECT ? of(parser) : EMPTY;
        } catch (IOException | RuntimeException e) {
            return EMPTY;
        }
    }

    static MetadataJson parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The object whose '{' the parser has just read, up to its '}' (Jackson bounds the nesting). */
    private static MetadataJson of(JsonParser parser) throws IOException {
        Map<String, String> scalars = new HashMap<>();
        Map<String, MetadataJson> objects = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_STRING || value.isNumeric()) {
                scalars.put(name, parser.getText());
            } else if (value == JsonToken.START_OBJECT) {
                objects.put(name, of(parser));
            } else {
                parser.skipChildren(); // arrays (and their contents) are not read
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
