package io.telemetryagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * What the configuration reader (Jackson underneath) refuses, with where and why in the user's
 * terms: the cases and words of the hand-written parser it replaced, kept.
 */
class ConfigSyntaxTest {

    private static final String NAME = "the JSON in -Dtelemetry.config";

    static Stream<Arguments> notJson() {
        String longNumber = "1".repeat(ConfigJson.MAX_NUMBER_CHARS + 1);
        return Stream.of(
                bad("{\"a\": 1,}", 1, 9, "a comma before '}' (JSON allows no trailing comma; remove it)"),
                bad("[1, 2,]", 1, 7, "a comma before ']' (JSON allows no trailing comma; remove it)"),
                bad("{\"a\": 1 // note\n}", 1, 9, "comments are not JSON"),
                bad("{/* note */ \"a\": 1}", 1, 2, "comments are not JSON"),
                bad("[1, # note\n]", 1, 5, "unexpected character '#' (expected a value)"),
                bad("{'a': 1}", 1, 2, "single quotes are not JSON (field names need double quotes)"),
                bad("{\"a\": 'x'}", 1, 7, "single quotes are not JSON (strings need double quotes)"),
                bad("{a: 1}", 1, 2, "unquoted field name (field names need double quotes)"),
                bad("{1: 1}", 1, 2, "unquoted field name (field names need double quotes)"),
                bad("{[]: 1}", 1, 2, "unexpected character '[' (expected a field name in double quotes)"),
                bad("{\"a\": yes}", 1, 7, "unquoted text (strings need double quotes)"),
                bad("{\"a\": trueish}", 1, 7, "unquoted text (strings need double quotes)"),
                bad("[nul]", 1, 2, "unquoted text (strings need double quotes)"),
                bad("[NaN]", 1, 2, "NaN and Infinity are not JSON numbers"),
                bad("[Infinity]", 1, 2, "NaN and Infinity are not JSON numbers"),
                bad("[-Infinity]", 1, 2, "NaN and Infinity are not JSON numbers"),
                bad("[01]", 1, 2, "a number starting with 0 (JSON allows no leading zeros; remove them)"),
                bad("[-007]", 1, 3, "a number starting with 0 (JSON allows no leading zeros; remove them)"),
                bad("[+1]", 1, 2, "a number starting with '+' (JSON has no '+' sign; remove it)"),
                bad("[.5]", 1, 2, "a number starting with '.' (write a 0 before the point)"),
                bad("[1.]", 1, 3, "a decimal point must be followed by a digit"),
                bad("[1.e3]", 1, 3, "a decimal point must be followed by a digit"),
                bad("[1e]", 1, 3, "an exponent must have digits"),
                bad("[-]", 1, 2, "'-' must be followed by a digit"),
                bad("[1e1001]", 1, 2, "a number with an exponent beyond 1000"),
                bad("[1e-999999999]", 1, 2, "a number with an exponent beyond 1000"),
                bad("[" + longNumber + "]", 1, 2, "a number longer than 1000 characters"),
                bad("[0x1F]", 1, 3, "unexpected character 'x' (expected ',' or ']')"),
                bad("{\"a\": \"x\ny\"}", 1, 9, "a line break inside a string (is its closing '\"' missing? in a string, write \\n)"),
                bad("[\"x\ry\"]", 1, 4, "a line break inside a string (is its closing '\"' missing? in a string, write \\n)"),
                bad("[\"\t\"]", 1, 3, "a tab inside a string (write it as \\t)"),
                bad("[\"\u0001\"]", 1, 3, "control character U+0001 inside a string (write it as \\u0001)"),
                bad("[\"\\x\"]", 1, 3, "invalid escape: a backslash before 'x' (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)"),
                bad("[\"\\'\"]", 1, 3, "invalid escape: a backslash before ''' (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)"),
                bad("[\"\\u12G4\"]", 1, 3, "\\u must be followed by 4 hex digits"),
                bad("[\"\\u12", 1, 3, "\\u must be followed by 4 hex digits"),
                bad("[\"\\uD800\"]", 1, 3, "a \\u escape of half a surrogate pair (\\uD800-\\uDBFF must be followed by \\uDC00-\\uDFFF)"),
                bad("[\"\\uDC00\\uD800\"]", 1, 3, "a \\u escape of half a surrogate pair (\\uD800-\\uDBFF must be followed by \\uDC00-\\uDFFF)"),
                bad("[\"\\uD800\\u0041\"]", 1, 3, "a \\u escape of half a surrogate pair (\\uD800-\\uDBFF must be followed by \\uDC00-\\uDFFF)"),
                bad("{\"a\": \"abc", 1, 7, "unclosed string (the text ends before its closing '\"')"),
                bad("[\"abc\\", 1, 2, "unclosed string (the text ends before its closing '\"')"),
                bad("{\"a\": [1, 2", 1, 12, "unclosed array: the '[' at line 1, column 7 has no ']'"),
                bad("{\n  \"a\": {\n    \"b\": 1\n  }\n", 5, 1, "unclosed object: the '{' at line 1, column 1 has no '}'"),
                bad("{\"a\":", 1, 6, "unclosed object: the '{' at line 1, column 1 has no '}'"),
                bad("{\"a\" 1}", 1, 6, "unexpected character '1' (expected ':' after the field name)"),
                bad("{\"a\": 1 \"b\": 2}", 1, 9, "unexpected character '\"' (expected ',' or '}')"),
                bad("[1 2]", 1, 4, "unexpected character '2' (expected ',' or ']')"),
                bad("{\"a\": }", 1, 7, "unexpected character '}' (expected a value)"),
                bad("[,1]", 1, 2, "unexpected character ',' (expected a value)"),
                bad("[\u00a01]", 1, 2, "unexpected character U+00A0 (expected a value)"),
                bad("[1,\u2028 2]", 1, 4, "unexpected character U+2028 (expected a value)"),
                bad("[\ufeff1]", 1, 2, "unexpected character U+FEFF (expected a value)"),
                bad("{\n  \"a\": 1,\n  \"b\": x\n}", 3, 8, "unquoted text (strings need double quotes)"),
                bad("{\r\n  \"a\": x\r\n}", 2, 8, "unquoted text (strings need double quotes)"),
                bad("{\r  \"a\": x\r}", 2, 8, "unquoted text (strings need double quotes)"),
                bad("{\"\u00e9\u20ac\ud83d\ude00\": x}", 1, 9, "unquoted text (strings need double quotes)"),
                bad("[".repeat(ConfigJson.MAX_DEPTH + 1), 1, ConfigJson.MAX_DEPTH + 1,
                        "more than 10000 objects and arrays nested in each other"),
                bad(bytes('[', '"', 0xFF, '"', ']'), 1, 3, "byte 0xFF is not UTF-8 (save the text as UTF-8)"),
                // Overlong '/', an encoded surrogate, a truncated sequence, a lone continuation byte.
                bad(bytes('[', '"', 0xC0, 0xAF, '"', ']'), 1, 3, "byte 0xC0 is not UTF-8 (save the text as UTF-8)"),
                bad(bytes('[', '"', 0xED, 0xA0, 0x80, '"', ']'), 1, 3, "byte 0xED is not UTF-8 (save the text as UTF-8)"),
                bad(bytes('[', '"', 0xE2, 0x82, '"', ']'), 1, 3, "byte 0xE2 is not UTF-8 (save the text as UTF-8)"),
                bad(bytes('[', '"', 'a', 0x80, '"', ']'), 1, 4, "byte 0x80 is not UTF-8 (save the text as UTF-8)"),
                bad(bytes('[', 0xF5, 0x80, 0x80, 0x80, ']'), 1, 2, "byte 0xF5 is not UTF-8 (save the text as UTF-8)"),
                bad(bytes(0xFF, 0xFE, '{', 0, '}', 0), 1, 1, "the text is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8"),
                bad(bytes(0xFE, 0xFF, 0, '{', 0, '}'), 1, 1, "the text is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8"),
                bad(bytes('{', 0, '"', 0), 1, 2, "a zero byte (is the text UTF-16? save it as UTF-8)"));
    }

    private static Arguments bad(String json, int line, int column, String description) {
        return bad(utf8(json), line, column, description);
    }

    private static Arguments bad(byte[] json, int line, int column, String description) {
        return Arguments.of(json, line, column, description);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static String rejection(byte[] json) {
        return assertThrows(ConfigException.class, () -> ConfigJson.parse(NAME, json)).getMessage();
    }

    @ParameterizedTest
    @MethodSource("notJson")
    void refusesWhatIsNotJsonSayingWhereAndWhy(byte[] json, int line, int column, String description) {
        assertEquals("configuration error: " + NAME + " is not valid JSON at line " + line + ", column " + column
                + ": " + description + "; fix the JSON there" + Configs.SUFFIX, rejection(json));
    }

    @Test
    void neverQuotesMoreThanOneCharacterOfTheText() {
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
        for (String json : Arrays.asList("{\"k\": " + secret + "}", "{\"k\": \"" + secret + "\" \"x\": 1}",
                "{\"k\": \"" + secret + "\n\"}", "{\"k\": \"" + secret, "{" + secret + ": 1}", "{\"k\": -" + secret + "}",
                "{\"k\": 1" + secret + "}", "{\"k\": \"\\" + secret + "\"}", "{\"k\": '" + secret + "'}")) {
            String message = rejection(utf8(json));
            assertFalse(message.contains("wJ") || message.contains("Ja") || message.contains("SECRET"), message);
        }
    }

    @Test
    void readsAComponentNestedFarDeeperThanOurBlock() throws ConfigException {
        // Issue 18: a valid KrakenD file whose other component nests 5,000 levels was refused.
        int depth = 5000;
        String deep = "[".repeat(depth) + "]".repeat(depth);
        String krakend = Configs.json("{'version': 3, 'extra_config': {'some/plugin': {'rules': " + deep + "},"
                + " 'telemetry/opencensus': {'sample_rate': 5, 'exporters': {'xray': {" + Configs.XRAY + "}}}}}");
        assertEquals(5, Configs.load(krakend).sampleRate());
    }

    @Test
    void keepsNumbersAsWrittenForMessages() throws ConfigException {
        JsonNode root = ConfigJson.parse(NAME, utf8("{\"a\": 100.0, \"b\": 1e400, \"c\": -0.50, \"d\": 12345678901234567890123}")).root;
        assertEquals("100.0", ErrorText.value(root.get("a")));
        assertEquals("1e400", ErrorText.value(root.get("b")));
        assertEquals("-0.50", ErrorText.value(root.get("c")));
        assertEquals("12345678901234567890123", ErrorText.value(root.get("d")));
    }

    @Test
    void recordsRepeatedFieldsByTheirPathKeepingTheFirstPlaceAndTheLastValue() throws ConfigException {
        ConfigJson json = ConfigJson.parse(NAME, utf8("{\"a\": 1, \"b\": [{\"c\": 1, \"c\": 2}], \"a\": 3}"));
        assertEquals(List.of(List.of("b", "[0]", "c"), List.of("a")), json.duplicates);
        assertEquals(List.of("a", "b"), BlockReader.names(json.root));
        assertEquals(3, json.root.get("a").intValue());
        assertEquals(2, json.root.get("b").get(0).get("c").intValue());
    }

    @Test
    void readsEscapesAndSurrogatePairs() throws ConfigException {
        JsonNode root = ConfigJson.parse(NAME, utf8("{\"s\": \"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00 \u20ac\"}")).root;
        assertEquals("\" \\ / \b \f \n \r \t \u00e9 \ud83d\ude00 \u20ac", root.get("s").textValue());
    }
}
