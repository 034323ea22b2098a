package io.telemetryagent.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A strict JSON (RFC 8259) parser of UTF-8 bytes into {@link JsonValue} trees. Strict so that a
 * configuration read here is also read by KrakenD's Go reader: no comments, trailing commas,
 * single quotes, NaN or Infinity, leading zeros, raw control characters in strings or unpaired
 * surrogates. A UTF-8 byte order mark at the start is skipped: Windows editors write one.
 * Numbers are exact ({@code 100.0} keeps its scale). Fields repeated within one object are
 * recorded by their path; the object keeps the first place and the last value. Errors give the
 * 1-based line and column of the offending character and never quote the text beyond it: the
 * text may hold credentials.
 *
 * <p>Usage: {@link #atEnd()} (nothing but whitespace?), {@link #value()}, then {@link #atEnd()}
 * again to find text after the value. Not thread-safe; one instance reads one text.
 */
public final class JsonParser {

    /** Objects and arrays nested deeper than this are refused: the recursion stays bounded. */
    public static final int MAX_DEPTH = 1000;
    /** Longer numbers are refused: converting digits to a BigInteger grows quadratically. */
    static final int MAX_NUMBER_CHARS = 1000;
    /** Larger exponents are refused: 1e999999999 is JSON, but code that asks for its integer value never returns. */
    static final int MAX_EXPONENT = 1000;

    private final byte[] in;
    /** After the byte order mark, if any: where line 1, column 1 is. */
    private final int start;
    private int pos;
    private int depth;
    /** Offset of the innermost open '{' or '[', -1 at the top level: named when the text ends inside it. */
    private int open = -1;
    /** The names (String) and indexes (Integer) from the root to the value being read. */
    private final List<Object> trail = new ArrayList<>();
    private final List<List<String>> duplicates = new ArrayList<>();

    public JsonParser(byte[] utf8) {
        in = utf8;
        boolean bom = utf8.length >= 3 && (utf8[0] & 0xff) == 0xEF && (utf8[1] & 0xff) == 0xBB && (utf8[2] & 0xff) == 0xBF;
        start = bom ? 3 : 0;
        pos = start;
    }

    /** Skips whitespace; true when nothing else remains. */
    public boolean atEnd() {
        skipWhitespace();
        return pos >= in.length;
    }

    /** Line (1-based) of the current position: after {@link #atEnd()}, of the next character. */
    public int line() {
        return position(pos)[0];
    }

    /** Column (1-based, in characters) of the current position. */
    public int column() {
        return position(pos)[1];
    }

    /**
     * Each field repeated within one object so far, as its path of names from the root, array
     * elements as {@code [index]}: e.g. {@code [extra_config, telemetry/opencensus, sample_rate]}.
     */
    public List<List<String>> duplicates() {
        return duplicates;
    }

    /** The next value in the text; what follows it is left for {@link #atEnd()} to check. */
    public JsonValue value() throws JsonSyntaxException {
        skipWhitespace();
        switch (peek()) {
            case '{': return object();
            case '[': return array();
            case '"': return JsonValue.string(string());
            case 't': return literal("true", JsonValue.TRUE);
            case 'f': return literal("false", JsonValue.FALSE);
            case 'n': return literal("null", JsonValue.NULL);
            case '-': case '0': case '1': case '2': case '3': case '4':
            case '5': case '6': case '7': case '8': case '9':
                return number();
            default:
                throw notAValue();
        }
    }

    private JsonValue object() throws JsonSyntaxException {
        int outer = enter();
        Map<String, JsonValue> fields = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            return leave(outer, JsonValue.object(fields));
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw notAFieldName();
            }
            String name = string();
            skipWhitespace();
            if (peek() != ':') {
                throw unexpected("':' after the field name");
            }
            pos++;
            trail.add(name);
            if (fields.containsKey(name)) {
                duplicates.add(path());
            }
            fields.put(name, value());
            trail.remove(trail.size() - 1);
            skipWhitespace();
            int c = peek();
            if (c == '}') {
                return leave(outer, JsonValue.object(fields));
            }
            if (c != ',') {
                throw unexpected("',' or '}'");
            }
            pos++;
        }
    }

    private JsonValue array() throws JsonSyntaxException {
        int outer = enter();
        List<JsonValue> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            return leave(outer, JsonValue.array(elements));
        }
        while (true) {
            trail.add(elements.size());
            elements.add(value());
            trail.remove(trail.size() - 1);
            skipWhitespace();
            int c = peek();
            if (c == ']') {
                return leave(outer, JsonValue.array(elements));
            }
            if (c != ',') {
                throw unexpected("',' or ']'");
            }
            pos++;
            skipWhitespace();
            if (peek() == ']') {
                throw fail(pos, "a comma before ']' (JSON allows no trailing comma; remove it)");
            }
        }
    }

    /** Steps over the '{' or '[' at {@code pos}; returns the offset of the one it is nested in. */
    private int enter() throws JsonSyntaxException {
        if (depth == MAX_DEPTH) {
            throw fail(pos, "more than " + MAX_DEPTH + " objects and arrays nested in each other");
        }
        depth++;
        int outer = open;
        open = pos++;
        return outer;
    }

    /** Steps over the closing '}' or ']' at {@code pos}. */
    private JsonValue leave(int outer, JsonValue value) {
        pos++;
        depth--;
        open = outer;
        return value;
    }

    private JsonValue literal(String word, JsonValue value) throws JsonSyntaxException {
        int end = pos + word.length();
        boolean matches = end <= in.length && !isWordByte(end < in.length ? in[end] : ' ');
        for (int i = 0; matches && i < word.length(); i++) {
            matches = in[pos + i] == word.charAt(i);
        }
        if (!matches) {
            throw fail(pos, "unquoted text (strings need double quotes)");
        }
        pos = end;
        return value;
    }

    private JsonValue number() throws JsonSyntaxException {
        int from = pos;
        if (peek() == '-') {
            pos++;
            if (startsWith("Infinity")) {
                throw fail(from, "NaN and Infinity are not JSON numbers");
            }
            if (!isDigit(peek())) {
                throw fail(from, "'-' must be followed by a digit");
            }
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw fail(pos - 1, "a number starting with 0 (JSON allows no leading zeros; remove them)");
            }
        } else {
            digits();
        }
        boolean integer = true;
        if (peek() == '.') {
            pos++;
            integer = false;
            if (!isDigit(peek())) {
                throw fail(pos - 1, "a decimal point must be followed by a digit");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            integer = false;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw fail(pos - 1, "an exponent must have digits");
            }
            int exponent = 0;
            while (isDigit(peek())) {
                exponent = Math.min(exponent * 10 + (in[pos++] - '0'), MAX_EXPONENT + 1);
            }
            if (exponent > MAX_EXPONENT) {
                throw fail(from, "a number with an exponent beyond " + MAX_EXPONENT);
            }
        }
        if (pos - from > MAX_NUMBER_CHARS) {
            throw fail(from, "a number longer than " + MAX_NUMBER_CHARS + " characters");
        }
        String text = new String(in, from, pos - from, StandardCharsets.ISO_8859_1);
        return integer ? JsonValue.integer(new BigInteger(text)) : JsonValue.decimal(new BigDecimal(text));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    /** The string starting with the '"' at {@code pos}. */
    private String string() throws JsonSyntaxException {
        int quote = pos++;
        int from = pos;
        boolean ascii = true;
        while (pos < in.length) {
            int b = in[pos] & 0xff;
            if (b == '"') {
                String text = new String(in, from, pos - from, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
                pos++;
                return text;
            }
            if (b == '\\') {
                return escapedString(quote, from);
            }
            if (b < 0x20) {
                throw controlCharacter(b);
            }
            if (b < 0x80) {
                pos++;
            } else {
                ascii = false;
                pos += utf8Length(codePoint(pos));
            }
        }
        throw fail(quote, "unclosed string (the text ends before its closing '\"')");
    }

    /** The rest of a string from its first escape at {@code pos}; {@code from..pos} is valid UTF-8. */
    private String escapedString(int quote, int from) throws JsonSyntaxException {
        StringBuilder text = new StringBuilder(pos - from + 16);
        text.append(new String(in, from, pos - from, StandardCharsets.UTF_8));
        while (pos < in.length) {
            int b = in[pos] & 0xff;
            if (b == '"') {
                pos++;
                return text.toString();
            }
            if (b == '\\') {
                if (pos + 1 >= in.length) {
                    break;
                }
                escape(text);
            } else if (b < 0x20) {
                throw controlCharacter(b);
            } else if (b < 0x80) {
                text.append((char) b);
                pos++;
            } else {
                int codePoint = codePoint(pos);
                text.appendCodePoint(codePoint);
                pos += utf8Length(codePoint);
            }
        }
        throw fail(quote, "unclosed string (the text ends before its closing '\"')");
    }

    /** Appends the escape at {@code pos} (a backslash and at least one more byte). */
    private void escape(StringBuilder text) throws JsonSyntaxException {
        int at = pos;
        int c = in[pos + 1] & 0xff;
        pos += 2;
        switch (c) {
            case '"': text.append('"'); return;
            case '\\': text.append('\\'); return;
            case '/': text.append('/'); return;
            case 'b': text.append('\b'); return;
            case 'f': text.append('\f'); return;
            case 'n': text.append('\n'); return;
            case 'r': text.append('\r'); return;
            case 't': text.append('\t'); return;
            case 'u':
                break;
            default:
                throw fail(at, "invalid escape: a backslash before " + show(at + 1)
                        + " (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)");
        }
        char unit = hex4(at);
        if (Character.isHighSurrogate(unit) && startsWith("\\u")) {
            int second = pos;
            pos += 2;
            char low = hex4(second);
            if (Character.isLowSurrogate(low)) {
                text.append(unit).append(low);
                return;
            }
        }
        if (Character.isSurrogate(unit)) {
            throw fail(at, "a \\u escape of half a surrogate pair (\\uD800-\\uDBFF must be followed by \\uDC00-\\uDFFF)");
        }
        text.append(unit);
    }

    /** The four hex digits at {@code pos}, of the \\u escape at {@code at}. */
    private char hex4(int at) throws JsonSyntaxException {
        int unit = 0;
        for (int i = 0; i < 4; i++) {
            int digit = pos < in.length ? Character.digit(in[pos], 16) : -1;
            if (digit < 0) {
                throw fail(at, "\\u must be followed by 4 hex digits");
            }
            unit = unit << 4 | digit;
            pos++;
        }
        return (char) unit;
    }

    private JsonSyntaxException controlCharacter(int b) {
        if (b == '\n' || b == '\r') {
            return fail(pos, "a line break inside a string (is its closing '\"' missing? in a string, write \\n)");
        }
        if (b == '\t') {
            return fail(pos, "a tab inside a string (write it as \\t)");
        }
        return fail(pos, "control character " + show(pos) + " inside a string (write it as \\u" + hex(b, 4) + ")");
    }

    /** The code point of the valid UTF-8 sequence at {@code at} (its first byte is not ASCII). */
    private int codePoint(int at) throws JsonSyntaxException {
        int codePoint = decode(at);
        if (codePoint < 0) {
            throw notUtf8(at);
        }
        return codePoint;
    }

    /** The code point of the UTF-8 sequence at {@code at}, or -1 when it is not valid UTF-8 (RFC 3629). */
    private int decode(int at) {
        int b = in[at] & 0xff;
        int length, min, codePoint;
        if (b < 0x80) {
            return b;
        } else if (b >= 0xC2 && b <= 0xDF) {
            length = 2; min = 0x80; codePoint = b & 0x1F;
        } else if (b >= 0xE0 && b <= 0xEF) {
            length = 3; min = 0x800; codePoint = b & 0x0F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            length = 4; min = 0x10000; codePoint = b & 0x07;
        } else {
            return -1;
        }
        if (at + length > in.length) {
            return -1;
        }
        for (int i = 1; i < length; i++) {
            int next = in[at + i] & 0xff;
            if ((next & 0xC0) != 0x80) {
                return -1;
            }
            codePoint = codePoint << 6 | (next & 0x3F);
        }
        // Overlong forms, UTF-16 surrogates and code points beyond Unicode are not UTF-8.
        boolean valid = codePoint >= min && codePoint <= 0x10FFFF && (codePoint < 0xD800 || codePoint > 0xDFFF);
        return valid ? codePoint : -1;
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    private JsonSyntaxException notUtf8(int at) {
        int b = in[at] & 0xff;
        if (at == 0 && in.length >= 2 && (b == 0xFE || b == 0xFF) && (in[1] & 0xff) == (b ^ 0x01)) {
            return fail(at, "the text is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8");
        }
        return fail(at, "byte 0x" + hex(b, 2) + " is not UTF-8 (save the text as UTF-8)");
    }

    private JsonSyntaxException notAValue() {
        if (pos >= in.length) {
            return endOfText();
        }
        int c = in[pos] & 0xff;
        if (c == '\'') {
            return fail(pos, "single quotes are not JSON (strings need double quotes)");
        }
        if (startsWith("NaN") || startsWith("Infinity")) {
            return fail(pos, "NaN and Infinity are not JSON numbers");
        }
        if (isWordByte(c)) {
            return fail(pos, "unquoted text (strings need double quotes)");
        }
        if (c == '+') {
            return fail(pos, "a number starting with '+' (JSON has no '+' sign; remove it)");
        }
        if (c == '.') {
            return fail(pos, "a number starting with '.' (write a 0 before the point)");
        }
        return unexpected("a value");
    }

    private JsonSyntaxException notAFieldName() {
        int c = peek();
        if (c == '}') {
            return fail(pos, "a comma before '}' (JSON allows no trailing comma; remove it)");
        }
        if (c == '\'') {
            return fail(pos, "single quotes are not JSON (field names need double quotes)");
        }
        if (isWordByte(c)) {
            return fail(pos, "unquoted field name (field names need double quotes)");
        }
        return unexpected("a field name in double quotes");
    }

    private JsonSyntaxException unexpected(String expected) {
        if (pos >= in.length) {
            return endOfText();
        }
        int c = in[pos] & 0xff;
        if (c == '/' && (startsWith("//") || startsWith("/*"))) {
            return fail(pos, "comments are not JSON");
        }
        if (c >= 0x80 && decode(pos) < 0) {
            return notUtf8(pos);
        }
        if (c == 0) {
            return fail(pos, "a zero byte (is the text UTF-16? save it as UTF-8)");
        }
        return fail(pos, "unexpected character " + show(pos) + " (expected " + expected + ")");
    }

    private JsonSyntaxException endOfText() {
        if (open < 0) {
            return fail(pos, "the text ends before a value");
        }
        boolean object = in[open] == '{';
        int[] opened = position(open);
        return fail(pos, "unclosed " + (object ? "object" : "array") + ": the '" + (object ? '{' : '[')
                + "' at line " + opened[0] + ", column " + opened[1] + " has no '" + (object ? '}' : ']') + "'");
    }

    /** The character at {@code at} for a message: itself when printable ASCII, else U+XXXX (or its byte). */
    private String show(int at) {
        int b = in[at] & 0xff;
        if (b > 0x20 && b < 0x7f) {
            return "'" + (char) b + "'";
        }
        int codePoint = decode(at);
        return codePoint < 0 ? "byte 0x" + hex(b, 2) : "U+" + hex(codePoint, 4);
    }

    private static String hex(int value, int digits) {
        StringBuilder text = new StringBuilder(Integer.toHexString(value).toUpperCase(Locale.ROOT));
        while (text.length() < digits) {
            text.insert(0, '0');
        }
        return text.toString();
    }

    private JsonSyntaxException fail(int at, String description) {
        int[] position = position(at);
        return new JsonSyntaxException(position[0], position[1], description);
    }

    /** Line and column of the byte at {@code offset}; a column counts characters, not bytes. */
    private int[] position(int offset) {
        int line = 1, column = 1;
        for (int i = start; i < offset && i < in.length; i++) {
            int b = in[i] & 0xff;
            if (b == '\n' || (b == '\r' && (i + 1 >= in.length || in[i + 1] != '\n'))) {
                line++;
                column = 1;
            } else if (b != '\r' && (b & 0xC0) != 0x80) {
                column++;
            }
        }
        return new int[] {line, column};
    }

    private List<String> path() {
        List<String> path = new ArrayList<>(trail.size());
        for (Object step : trail) {
            path.add(step instanceof String ? (String) step : "[" + step + "]");
        }
        return path;
    }

    private void skipWhitespace() {
        while (pos < in.length) {
            byte b = in[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    /** The byte at {@code pos} (0..255), or -1 at the end of the text. */
    private int peek() {
        return pos < in.length ? in[pos] & 0xff : -1;
    }

    private boolean startsWith(String ascii) {
        if (pos + ascii.length() > in.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (in[pos + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** A byte that continues a bare word such as {@code true} (so {@code trueish} is one unquoted word). */
    private static boolean isWordByte(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_' || c == '$';
    }
}
