package io.telemetryagent.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The configuration document read with Jackson into a tree of {@link JsonNode}s, strictly (no
 * comments, trailing commas, single quotes, NaN, leading zeros, raw control characters or lone
 * surrogates), so that what reads here also reads in KrakenD (Go). Fields that appear twice in
 * one object are kept (the last value wins, in the first place) and listed by path: inside our
 * block that is a mistake worth reporting, elsewhere KrakenD's business. Syntax errors give line,
 * column and a short description ({@link JsonSyntax}), never the source text: it may hold keys.
 */
final class ConfigJson {

    /** Go's encoding/json limit, so that any file KrakenD reads is read here too. */
    static final int MAX_DEPTH = 10_000;
    /** Longer numbers are refused: converting digits to a BigInteger grows quadratically. */
    static final int MAX_NUMBER_CHARS = 1000;
    /** Larger exponents are refused: 1e999999999 is JSON, but its integer value never comes. */
    static final int MAX_EXPONENT = 1000;
    static final int MAX_STRING_CHARS = 1 << 20;
    static final int MAX_NAME_CHARS = 1 << 16;

    /** Thread-safe once built; its buffers are recycled per thread. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(MAX_NUMBER_CHARS)
                    .maxStringLength(MAX_STRING_CHARS)
                    .maxNameLength(MAX_NAME_CHARS)
                    .build())
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    final JsonNode root;
    /** Each repeated field as its path of names from the root, e.g. [extra_config, telemetry/opencensus, sample_rate]. */
    final List<List<String>> duplicates;

    private ConfigJson(JsonNode root, List<List<String>> duplicates) {
        this.root = root;
        this.duplicates = duplicates;
    }

    static ConfigJson parse(ConfigSource source) throws ConfigException {
        return parse(source.name, source.json);
    }

    /** @param name how messages name the source, e.g. {@code the JSON in -Dtelemetry.config} */
    static ConfigJson parse(String name, byte[] json) throws ConfigException {
        try {
            char[] text = text(json);
            int start = skipWhitespace(text, 0);
            if (start >= text.length) {
                throw new ConfigException(name + " holds no JSON; write the telemetry/opencensus"
                        + " JSON object (or a whole KrakenD configuration)");
            }
            List<List<String>> duplicates = new ArrayList<>();
            int[] end = new int[1];
            JsonNode root = tree(text, duplicates, end);
            int after = skipWhitespace(text, end[0]);
            if (after < text.length) {
                int[] position = JsonSyntax.position(text, after);
                throw new ConfigException(name + " has more text after the end of the JSON "
                        + (root.isObject() ? "object" : "value") + ", at line " + position[0] + ", column "
                        + position[1] + "; remove it");
            }
            if (!root.isObject()) {
                throw new ConfigException(name + " holds " + ErrorText.kind(root).replace("a string", "a JSON string")
                        + ", must be a JSON object: the telemetry/opencensus block or a whole KrakenD configuration");
            }
            return new ConfigJson(root, duplicates);
        } catch (JsonSyntax e) {
            throw new ConfigException(name + " is not valid JSON at line " + e.line() + ", column "
                    + e.column() + ": " + e.description() + "; fix the JSON there");
        }
    }

    /**
     * The first value in {@code text}, built without recursion (a KrakenD file may nest another
     * component thousands of levels deep); {@code end[0]} is set to the offset just after it.
     */
    private static JsonNode tree(char[] text, List<List<String>> duplicates, int[] end) throws JsonSyntax {
        JsonParser parser;
        try {
            parser = JSON.createParser(text);
        } catch (IOException e) {
            throw JsonSyntax.at(text, 0, "the text could not be read");
        }
        List<ContainerNode<?>> open = new ArrayList<>();
        /* The names and [indexes] from the root to the innermost open container. */
        List<String> trail = new ArrayList<>();
        String field = null;
        try {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                JsonNode node;
                switch (token) {
                    case FIELD_NAME:
                        field = parser.currentName();
                        checkSurrogates(text, parser, field);
                        continue;
                    case END_OBJECT:
                    case END_ARRAY:
                        JsonNode closed = open.remove(open.size() - 1);
                        if (open.isEmpty()) {
                            end[0] = (int) parser.currentLocation().getCharOffset();
                            return closed;
                        }
                        trail.remove(trail.size() - 1);
                        continue;
                    case START_OBJECT:
                        node = NODES.objectNode();
                        break;
                    case START_ARRAY:
                        node = NODES.arrayNode();
                        break;
                    case VALUE_STRING:
                        String string = parser.getText();
                        checkSurrogates(text, parser, string);
                        node = NODES.textNode(string);
                        break;
                    case VALUE_NUMBER_INT:
                        node = NODES.numberNode(parser.getBigIntegerValue());
                        break;
                    case VALUE_NUMBER_FLOAT:
                        String written = parser.getText();
                        checkExponent(text, parser, written);
                        node = new WrittenDecimal(new BigDecimal(written), written);
                        break;
                    case VALUE_TRUE:
                        node = NODES.booleanNode(true);
                        break;
                    case VALUE_FALSE:
                        node = NODES.booleanNode(false);
                        break;
                    default:
                        node = NODES.nullNode();
                }
                if (open.isEmpty()) {
                    if (!node.isContainerNode()) {
                        end[0] = (int) parser.currentLocation().getCharOffset();
                        return node;
                    }
                } else {
                    ContainerNode<?> parent = open.get(open.size() - 1);
                    String step;
                    if (parent.isObject()) {
                        step = field;
                        if (((ObjectNode) parent).replace(field, node) != null) {
                            List<String> path = new ArrayList<>(trail);
                            path.add(field);
                            duplicates.add(path);
                        }
                    } else {
                        step = "[" + parent.size() + "]";
                        ((ArrayNode) parent).add(node);
                    }
                    if (node.isContainerNode()) {
                        trail.add(step);
                    }
                }
                if (node.isContainerNode()) {
                    open.add((ContainerNode<?>) node);
                }
            }
            throw JsonSyntax.at(text, text.length, "the text ends before a value");
        } catch (JsonProcessingException e) {
            throw JsonSyntax.describe(e, parser, text);
        } catch (IOException e) {
            throw JsonSyntax.at(text, (int) parser.currentLocation().getCharOffset(), "the text could not be read");
        }
    }

    /** Jackson reads {@code "\uD800"} as a lone surrogate; X-Ray, KrakenD and our writer do not. */
    private static void checkSurrogates(char[] text, JsonParser parser, String value) throws JsonSyntax {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw JsonSyntax.at(text, loneSurrogateEscape(text, (int) parser.currentTokenLocation().getCharOffset()),
                        "a \\u escape of half a surrogate pair (\\uD800-\\uDBFF must be followed by \\uDC00-\\uDFFF)");
            }
        }
    }

    /** The offset of the first {@code \}{@code uXXXX} escape of an unpaired surrogate in the string at {@code quote}. */
    private static int loneSurrogateEscape(char[] text, int quote) {
        boolean pendingHigh = false;
        int high = quote;
        for (int i = quote + 1; i < text.length && text[i] != '"'; i++) {
            if (text[i] != '\\') {
                if (pendingHigh) {
                    return high;
                }
                continue;
            }
            if (i + 5 < text.length && text[i + 1] == 'u') {
                char unit = (char) Integer.parseInt(new String(text, i + 2, 4), 16);
                if (Character.isHighSurrogate(unit)) {
                    if (pendingHigh) {
                        return high;
                    }
                    pendingHigh = true;
                    high = i;
                } else if (Character.isLowSurrogate(unit)) {
                    if (!pendingHigh) {
                        return i;
                    }
                    pendingHigh = false;
                } else if (pendingHigh) {
                    return high;
                }
                i += 5;
            } else {
                if (pendingHigh) {
                    return high;
                }
                i++;
            }
        }
        return pendingHigh ? high : quote;
    }

    private static void checkExponent(char[] text, JsonParser parser, String number) throws JsonSyntax {
        int e = Math.max(number.indexOf('e'), number.indexOf('E'));
        if (e < 0) {
            return;
        }
        int digits = e + 1 < number.length() && (number.charAt(e + 1) == '-' || number.charAt(e + 1) == '+') ? e + 2 : e + 1;
        while (digits < number.length() - 1 && number.charAt(digits) == '0') {
            digits++;
        }
        String exponent = number.substring(digits);
        if (exponent.length() > 4 || Integer.parseInt(exponent) > MAX_EXPONENT) {
            throw JsonSyntax.at(text, (int) parser.currentTokenLocation().getCharOffset(),
                    "a number with an exponent beyond " + MAX_EXPONENT);
        }
    }

    /** Strict UTF-8 to text, a leading byte order mark dropped (Windows editors write one). */
    private static char[] text(byte[] utf8) throws JsonSyntax {
        if (utf8.length >= 2 && ((utf8[0] & 0xff) == 0xFE || (utf8[0] & 0xff) == 0xFF)
                && (utf8[1] & 0xff) == ((utf8[0] & 0xff) ^ 0x01)) {
            throw JsonSyntax.at(new char[0], 0,
                    "the text is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8");
        }
        boolean bom = utf8.length >= 3 && (utf8[0] & 0xff) == 0xEF && (utf8[1] & 0xff) == 0xBB && (utf8[2] & 0xff) == 0xBF;
        ByteBuffer in = ByteBuffer.wrap(utf8, bom ? 3 : 0, utf8.length - (bom ? 3 : 0));
        CharBuffer out = CharBuffer.allocate(utf8.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            char[] before = Arrays.copyOf(out.array(), out.position());
            String hex = Integer.toHexString(utf8[in.position()] & 0xff).toUpperCase(java.util.Locale.ROOT);
            throw JsonSyntax.at(before, before.length, "byte 0x" + (hex.length() < 2 ? "0" : "") + hex
                    + " is not UTF-8 (save the text as UTF-8)");
        }
        decoder.flush(out);
        return Arrays.copyOf(out.array(), out.position());
    }

    private static int skipWhitespace(char[] text, int from) {
        int i = from;
        while (i < text.length && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) {
            i++;
        }
        return i;
    }
}
