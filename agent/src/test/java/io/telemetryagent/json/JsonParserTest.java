package io.telemetryagent.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@link JsonParser} reads, exactly, and what it refuses, with where and why. */
class JsonParserTest {

    private static JsonValue parse(String json) throws JsonSyntaxException {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A whole document: one value and nothing after it. */
    private static JsonValue parse(byte[] json) throws JsonSyntaxException {
        JsonParser parser = new JsonParser(json);
        JsonValue value = parser.value();
        assertTrue(parser.atEnd(), "text after the value");
        return value;
    }

    private static JsonSyntaxException rejection(byte[] json) {
        return assertThrows(JsonSyntaxException.class, () -> new JsonParser(json).value());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) length += part.length;
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    // ---- what it reads

    @Test
    void readsEveryKindOfValue() throws Exception {
        JsonValue root = parse(" {\"o\": {\"k\": \"v\"}, \"a\": [1, \"two\", [], {}], \"s\": \"text\", \"n\": -12,"
                + " \"d\": 2.5, \"t\": true, \"f\": false, \"z\": null}\n");
        assertTrue(root.isObject());
        assertEquals(Arrays.asList("o", "a", "s", "n", "d", "t", "f", "z"), new ArrayList<>(root.fieldNames()));
        assertEquals("v", root.get("o").get("k").text());
        List<JsonValue> array = root.get("a").elements();
        assertEquals(4, array.size());
        assertEquals(BigInteger.ONE, array.get(0).integerValue());
        assertEquals("two", array.get(1).text());
        assertTrue(array.get(2).isArray() && array.get(2).size() == 0);
        assertTrue(array.get(3).isObject() && array.get(3).size() == 0);
        assertEquals("text", root.get("s").text());
        assertEquals(BigInteger.valueOf(-12), root.get("n").integerValue());
        assertEquals(new BigDecimal("2.5"), root.get("d").decimalValue());
        assertTrue(root.get("t").isBoolean() && root.get("t").isTrue());
        assertTrue(root.get("f").isBoolean() && !root.get("f").isTrue());
        assertTrue(root.get("z").isNull());
    }

    @Test
    void readsAScalarAtTheTopLevel() throws Exception {
        assertEquals("x", parse("\"x\"").text());
        assertEquals(BigInteger.valueOf(42), parse(" 42 ").integerValue());
        assertTrue(parse("null").isNull());
        assertTrue(parse("true").isTrue());
    }

    @Test
    void readsEveryEscape() throws Exception {
        assertEquals("\" \\ / \b \f \n \r \t", parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"").text());
        assertEquals("A\u00e9\u20ac\u0000\u001f", parse("\"\\u0041\\u00E9\\u20ac\\u0000\\u001F\"").text());
        assertEquals("pre\ttab\u00e9post", parse("\"pre\\ttab\u00e9post\"").text());
    }

    @Test
    void readsASurrogatePairEscapeAsOneCodePoint() throws Exception {
        String text = parse("\"\\uD83D\\uDE00!\"").text();
        assertEquals("\ud83d\ude00!", text);
        assertEquals(0x1F600, text.codePointAt(0));
    }

    @Test
    void readsUtf8OfEveryLength() throws Exception {
        // 1, 2, 3 and 4 bytes: A, e-acute, euro sign, grinning face.
        String text = "A\u00e9\u20ac\ud83d\ude00";
        assertEquals(text, parse("\"" + text + "\"").text());
        assertEquals(text, parse("{\"" + text + "\": 1}").fieldNames().iterator().next());
    }

    @Test
    void keepsNumbersExact() throws Exception {
        JsonValue hundred = parse("100.0");
        assertTrue(hundred.isDecimal());
        assertEquals(1, hundred.decimalValue().scale());
        assertEquals("100.0", hundred.scalarText());
        assertTrue(parse("100").isInteger());
        assertEquals(new BigInteger("123456789012345678901234567890"),
                parse("123456789012345678901234567890").integerValue());
        assertEquals(new BigInteger("-9223372036854775809"), parse("-9223372036854775809").integerValue());
        assertEquals(new BigDecimal("0.1"), parse("0.1").decimalValue());
        assertEquals(new BigDecimal("-1.5e-3"), parse("-1.5e-3").decimalValue());
        assertEquals("1E+3", parse("1e3").scalarText());
        assertEquals("1E+3", parse("1E+3").scalarText());
        assertEquals("0", parse("-0").scalarText());
        assertTrue(parse("1e0005").isDecimal());
        assertEquals(new BigDecimal("1e1000"), parse("1e1000").decimalValue());
        assertEquals(new BigDecimal("1e-1000"), parse("1e-1000").decimalValue());
    }

    @Test
    void acceptsAUtf8ByteOrderMarkAtTheStart() throws Exception {
        byte[] bom = bytes(0xEF, 0xBB, 0xBF);
        assertEquals(BigInteger.ONE, parse(concat(bom, utf8("{\"a\": 1}"))).get("a").integerValue());
        // Positions count from after the mark, as an editor shows them.
        JsonSyntaxException e = rejection(concat(bom, utf8("{\"a\": x}")));
        assertEquals(1, e.line());
        assertEquals(7, e.column());
    }

    @Test
    void nestsUpToTheDepthLimit() throws Exception {
        int depth = JsonParser.MAX_DEPTH;
        JsonValue value = parse("[".repeat(depth) + "]".repeat(depth));
        for (int i = 1; i < depth; i++) {
            value = value.elements().get(0);
        }
        assertEquals(0, value.size());
        JsonValue objects = parse("{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1));
        assertTrue(objects.isObject());
    }

    @Test
    void recordsRepeatedFieldsByTheirPathAndKeepsTheFirstPlaceAndLastValue() throws Exception {
        JsonParser parser = new JsonParser(utf8("{\"a\": {\"b\": 1, \"c\": 0, \"b\": 2}, \"list\": [0, {\"d\": 1, \"d\": 2}],"
                + " \"a\": {\"x\": true}}"));
        JsonValue root = parser.value();
        assertEquals(Arrays.asList(Arrays.asList("a", "b"), Arrays.asList("list", "[1]", "d"), Arrays.asList("a")),
                parser.duplicates());
        assertEquals(Arrays.asList("a", "list"), new ArrayList<>(root.fieldNames()));
        assertTrue(root.get("a").get("x").isTrue());
    }

    @Test
    void findsTextAfterTheValue() throws Exception {
        JsonParser parser = new JsonParser(utf8("{\"a\": 1}\n  {}"));
        parser.value();
        assertFalse(parser.atEnd());
        assertEquals(2, parser.line());
        assertEquals(3, parser.column());
    }

    @Test
    void seesOnlyWhitespaceAsEmpty() {
        assertTrue(new JsonParser(utf8(" \t\r\n")).atEnd());
        assertTrue(new JsonParser(bytes(0xEF, 0xBB, 0xBF)).atEnd());
        assertFalse(new JsonParser(utf8(" \u00a0")).atEnd());
    }

    // ---- what it refuses

    static Stream<Arguments> notJson() {
        String longNumber = "1".repeat(JsonParser.MAX_NUMBER_CHARS + 1);
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
                bad("", 1, 1, "the text ends before a value"),
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
                bad("[".repeat(JsonParser.MAX_DEPTH + 1), 1, JsonParser.MAX_DEPTH + 1,
                        "more than 1000 objects and arrays nested in each other"),
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

    @ParameterizedTest
    @MethodSource("notJson")
    void refusesWhatIsNotJsonSayingWhereAndWhy(byte[] json, int line, int column, String description) {
        JsonSyntaxException e = rejection(json);
        assertEquals(description + " at line " + line + ", column " + column, e.getMessage());
        assertEquals(line, e.line());
        assertEquals(column, e.column());
        assertEquals(description, e.description());
    }

    @Test
    void neverQuotesMoreThanOneCharacterOfTheText() {
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
        for (String json : Arrays.asList("{\"k\": " + secret + "}", "{\"k\": \"" + secret + "\" \"x\": 1}",
                "{\"k\": \"" + secret + "\n\"}", "{\"k\": \"" + secret, "{" + secret + ": 1}", "{\"k\": -" + secret + "}",
                "{\"k\": 1" + secret + "}", "{\"k\": \"\\" + secret + "\"}", "{\"k\": '" + secret + "'}")) {
            String message = rejection(utf8(json)).getMessage();
            assertFalse(message.contains("wJ") || message.contains("Ja") || message.contains("SECRET"), message);
        }
    }

    // ---- agreement with another reader

    @Test
    void readsTheXRaySchemaAsJacksonDoes() throws IOException, JsonSyntaxException {
        Path schema = sharedData("xray-segmentdocument-schema-v1.0.0.json");
        Assumptions.assumeTrue(schema != null, "shared/data is not beside the work tree");
        byte[] bytes = Files.readAllBytes(schema);
        assertSameTree(new ObjectMapper().readTree(bytes), parse(bytes), "$");
    }

    @Test
    void readsBackEveryCharacterAsJacksonWritesIt() throws Exception {
        StringBuilder every = new StringBuilder();
        for (int c = 0; c <= 0x10FFFF; c += c < 0x3000 ? 1 : 97) {
            if (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE) {
                every.appendCodePoint(c);
            }
        }
        String text = every.toString();
        ObjectMapper raw = new ObjectMapper();
        ObjectMapper escaped = new ObjectMapper();
        escaped.getFactory().enable(JsonGenerator.Feature.ESCAPE_NON_ASCII);
        for (ObjectMapper writer : Arrays.asList(raw, escaped)) {
            byte[] json = writer.writeValueAsBytes(Map.of(text, Arrays.asList(text)));
            JsonValue root = parse(json);
            assertEquals(text, root.fieldNames().iterator().next());
            assertEquals(text, root.get(text).elements().get(0).text());
        }
    }

    private static Path sharedData(String file) {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data").resolve(file);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static void assertSameTree(JsonNode expected, JsonValue actual, String at) {
        if (expected.isObject()) {
            assertTrue(actual.isObject(), at);
            List<String> names = new ArrayList<>();
            expected.fieldNames().forEachRemaining(names::add);
            assertEquals(names, new ArrayList<>(actual.fieldNames()), at);
            for (String name : names) {
                assertSameTree(expected.get(name), actual.get(name), at + "." + name);
            }
        } else if (expected.isArray()) {
            assertTrue(actual.isArray(), at);
            assertEquals(expected.size(), actual.size(), at);
            Iterator<JsonNode> elements = expected.elements();
            for (int i = 0; elements.hasNext(); i++) {
                assertSameTree(elements.next(), actual.elements().get(i), at + "[" + i + "]");
            }
        } else if (expected.isTextual()) {
            assertEquals(expected.textValue(), actual.text(), at);
        } else if (expected.isIntegralNumber()) {
            assertEquals(expected.bigIntegerValue(), actual.integerValue(), at);
        } else if (expected.isNumber()) {
            assertEquals(0, expected.decimalValue().compareTo(actual.decimalValue()), at);
        } else if (expected.isBoolean()) {
            assertEquals(expected.booleanValue(), actual.isTrue() && actual.isBoolean(), at);
        } else {
            assertTrue(expected.isNull() && actual.isNull(), at);
        }
    }
}
