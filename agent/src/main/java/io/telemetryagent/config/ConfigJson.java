package io.telemetryagent.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configuration document parsed into a tree, plus the fields that appear twice in one object
 * (JSON keeps the last silently; inside our block that is a mistake worth reporting). Parse errors
 * give line, column and Jackson's short description, never the source text: it may hold keys.
 */
final class ConfigJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    // Exact decimals keep 100.0 as the user wrote it, for the message that rejects it.
    private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("Unrecognized token '[^']*'");
    private static final Pattern LONG_QUOTED = Pattern.compile("'[^']{6,}'");
    private static final Pattern SOURCE_IN_LOCATION = Pattern.compile("\\[Source: .*?; line:");
    private static final Pattern JACKSON_FEATURE_HINT =
            Pattern.compile(": enable `[^`]*` to allow|\\s*\\(not recognized as one since Feature '[^']*' not enabled for parser\\)");
    private static final int MAX_DESCRIPTION_CHARS = 160;

    final JsonNode root;
    /** Each repeated field as its path of names from the root, e.g. [extra_config, telemetry/opencensus, sample_rate]. */
    final List<List<String>> duplicates;

    private ConfigJson(JsonNode root, List<List<String>> duplicates) {
        this.root = root;
        this.duplicates = duplicates;
    }

    static ConfigJson parse(ConfigSource source) throws ConfigException {
        JsonNode root;
        try (JsonParser parser = MAPPER.createParser(source.json)) {
            root = MAPPER.readTree(parser);
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
        if (root == null || root.isMissingNode()) {
            throw new ConfigException(source.name + " holds no JSON; write the telemetry/opencensus"
                    + " JSON object (or a whole KrakenD configuration)");
        }
        if (!root.isObject()) {
            throw new ConfigException(source.name + " holds " + ErrorText.kind(root).replace("a string", "a JSON string")
                    + ", must be a JSON object: the telemetry/opencensus block or a whole KrakenD configuration");
        }
        return new ConfigJson(root, duplicates(source.json));
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

    /** Called on a document that already parsed, so it meets no syntax error. */
    private static List<List<String>> duplicates(byte[] json) throws ConfigException {
        List<List<String>> found = new ArrayList<>();
        try (JsonParser parser = FACTORY.createParser(json)) {
            Deque<Set<String>> names = new ArrayDeque<>();
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_OBJECT) {
                    names.push(new HashSet<>());
                } else if (token == JsonToken.END_OBJECT) {
                    names.pop();
                } else if (token == JsonToken.FIELD_NAME && !names.peek().add(parser.currentName())) {
                    found.add(path(parser.getParsingContext()));
                }
            }
        } catch (IOException e) {
            throw new ConfigException("the configuration cannot be read a second time (" + e.getClass().getSimpleName() + ")");
        }
        return found;
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
