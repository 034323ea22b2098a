package io.telemetryagent.config;

import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonLocation;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonProcessingException;
import software.amazon.awssdk.thirdparty.jackson.core.JsonStreamContext;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;
import software.amazon.awssdk.thirdparty.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The configuration document parsed into a tree of {@link JsonValue}s by jackson-core's streaming
 * parser, plus the fields that appear twice in one object (JSON keeps the last silently; inside our
 * block that is a mistake worth reporting). Parse errors give line, column and Jackson's short
 * description, never the source text: it may hold keys.
 */
final class ConfigJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("Unrecognized token '[^']*'");
    private static final Pattern LONG_QUOTED = Pattern.compile("'[^']{6,}'");
    private static final Pattern SOURCE_IN_LOCATION = Pattern.compile("\\[Source: .*?; line:");
    private static final Pattern JACKSON_FEATURE_HINT =
            Pattern.compile(": enable `[^`]*` to allow|\\s*\\(not recognized as one since Feature '[^']*' not enabled for parser\\)");
    private static final int MAX_DESCRIPTION_CHARS = 160;

    final JsonValue root;
    /** Each repeated field as its path of names from the root, e.g. [extra_config, telemetry/opencensus, sample_rate]. */
    final List<List<String>> duplicates;

    private ConfigJson(JsonValue root, List<List<String>> duplicates) {
        this.root = root;
        this.duplicates = duplicates;
    }

    static ConfigJson parse(ConfigSource source) throws ConfigException {
        JsonValue root;
        List<List<String>> duplicates = new ArrayList<>();
        try (JsonParser parser = FACTORY.createParser(source.json)) {
            JsonToken first = parser.nextToken();
            root = first == null ? null : read(parser, first, duplicates);
            if (root != null && parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new ConfigException(source.name + " has more text after the end of the JSON object, at line "
                        + at.getLineNr() + ", column " + at.getColumnNr() + "; remove it");
            }
        } catch (JsonProcessingException e) {
            throw new ConfigException(source.name + " is not valid JSON" + at(e.getLocation()) + ": "
                    + describe(e.getOriginalMessage()) + "; fix the JSON there");
        } catch (IOException e) {
            throw new ConfigException(source.name + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (root == null) {
            throw new ConfigException(source.name + " holds no JSON; write the telemetry/opencensus"
                    + " JSON object (or a whole KrakenD configuration)");
        }
        if (!root.isObject()) {
            throw new ConfigException(source.name + " holds " + ErrorText.kind(root).replace("a string", "a JSON string")
                    + ", must be a JSON object: the telemetry/opencensus block or a whole KrakenD configuration");
        }
        return new ConfigJson(root, duplicates);
    }

    /**
     * The value starting at {@code token}, the parser left on its last token. The parser itself
     * rejects bad syntax, an unclosed object or array, and nesting or numbers beyond its limits.
     * Numbers are read exactly ({@code 100.0} keeps its scale, for the message that rejects it).
     */
    private static JsonValue read(JsonParser parser, JsonToken token, List<List<String>> duplicates)
            throws IOException {
        if (token == null) {
            throw new IllegalStateException("end of input inside a JSON value");
        }
        switch (token) {
            case START_OBJECT: {
                Map<String, JsonValue> fields = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    if (fields.containsKey(name)) {
                        duplicates.add(path(parser.getParsingContext()));
                    }
                    // A repeated field keeps its first place and takes the last value.
                    fields.put(name, read(parser, parser.nextToken(), duplicates));
                }
                return JsonValue.object(fields);
            }
            case START_ARRAY: {
                List<JsonValue> elements = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    elements.add(read(parser, next, duplicates));
                }
                return JsonValue.array(elements);
            }
            case VALUE_STRING:
                return JsonValue.string(parser.getText());
            case VALUE_NUMBER_INT:
                return JsonValue.integer(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT:
                return JsonValue.decimal(parser.getDecimalValue());
            case VALUE_TRUE:
                return JsonValue.TRUE;
            case VALUE_FALSE:
                return JsonValue.FALSE;
            case VALUE_NULL:
                return JsonValue.NULL;
            default:
                throw new IllegalStateException("unexpected JSON token " + token);
        }
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Jackson's description of a syntax error, without anything the user typed longer than a character or two. */
    static String describe(String jacksonMessage) {
        if (jacksonMessage == null) {
            return "syntax error";
        }
        String text = ErrorText.oneLine(jacksonMessage);
        text = UNRECOGNIZED_TOKEN.matcher(text).replaceAll("unquoted text (strings need double quotes)");
        text = SOURCE_IN_LOCATION.matcher(text).replaceAll("[line:");
        text = JACKSON_FEATURE_HINT.matcher(text).replaceAll("");
        text = LONG_QUOTED.matcher(text).replaceAll("'...'");
        if (text.length() > MAX_DESCRIPTION_CHARS) {
            text = text.substring(0, MAX_DESCRIPTION_CHARS) + "...";
        }
        return text;
    }

    private static List<String> path(JsonStreamContext context) {
        List<String> path = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            path.add(c.inObject() ? c.getCurrentName() : "[" + c.getCurrentIndex() + "]");
        }
        Collections.reverse(path);
        return path;
    }
}
