package io.telemetryagent.config;

import io.telemetryagent.json.JsonParser;
import io.telemetryagent.json.JsonSyntaxException;
import io.telemetryagent.json.JsonValue;
import java.util.List;

/**
 * The configuration document parsed into a tree of {@link JsonValue}s, plus the fields that
 * appear twice in one object (JSON keeps the last silently; inside our block that is a mistake
 * worth reporting). Syntax errors give line, column and a short description, never the source
 * text: it may hold keys.
 */
final class ConfigJson {

    final JsonValue root;
    /** Each repeated field as its path of names from the root, e.g. [extra_config, telemetry/opencensus, sample_rate]. */
    final List<List<String>> duplicates;

    private ConfigJson(JsonValue root, List<List<String>> duplicates) {
        this.root = root;
        this.duplicates = duplicates;
    }

    static ConfigJson parse(ConfigSource source) throws ConfigException {
        JsonParser parser = new JsonParser(source.json);
        if (parser.atEnd()) {
            throw new ConfigException(source.name + " holds no JSON; write the telemetry/opencensus"
                    + " JSON object (or a whole KrakenD configuration)");
        }
        JsonValue root;
        try {
            root = parser.value();
        } catch (JsonSyntaxException e) {
            throw new ConfigException(source.name + " is not valid JSON at line " + e.line() + ", column "
                    + e.column() + ": " + e.description() + "; fix the JSON there");
        }
        if (!parser.atEnd()) {
            throw new ConfigException(source.name + " has more text after the end of the JSON "
                    + (root.isObject() ? "object" : "value") + ", at line " + parser.line() + ", column "
                    + parser.column() + "; remove it");
        }
        if (!root.isObject()) {
            throw new ConfigException(source.name + " holds " + ErrorText.kind(root).replace("a string", "a JSON string")
                    + ", must be a JSON object: the telemetry/opencensus block or a whole KrakenD configuration");
        }
        return new ConfigJson(root, parser.duplicates());
    }
}
