package io.telemetryagent.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.ContentReference;
import java.util.Locale;

/**
 * Says what is wrong where Jackson stopped reading a configuration: the character's line and
 * column, and a short description in the user's terms ("a comma before '}' (JSON allows no
 * trailing comma; remove it)") instead of Jackson's. Never quotes the text beyond one character:
 * it may hold credentials.
 */
final class JsonSyntax extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String description;

    private JsonSyntax(char[] text, int offset, String description) {
        super(description, null, false, false);
        int[] position = position(text, Math.max(0, offset));
        this.line = position[0];
        this.column = position[1];
        this.description = description;
    }

    int line() { return line; }
    int column() { return column; }
    String description() { return description; }

    static JsonSyntax at(char[] text, int offset, String description) {
        return new JsonSyntax(text, offset, description);
    }

    /** Line and column (1-based, counting characters) of {@code offset}; CR LF is one line break. */
    static int[] position(char[] text, int offset) {
        int line = 1, column = 1;
        for (int i = 0; i < offset && i < text.length; i++) {
            char c = text[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length || text[i + 1] != '\n'))) {
                line++;
                column = 1;
            } else if (c != '\r' && !Character.isLowSurrogate(c)) {
                column++;
            }
        }
        return new int[] {line, column};
    }

    /**
     * What Jackson's {@code failure} means at its place in {@code text}.
     *
     * @param parser the parser that failed, for where it was (Jackson's constraint failures carry no location)
     */
    static JsonSyntax describe(JsonProcessingException failure, JsonParser parser, char[] text) {
        String message = failure.getOriginalMessage() == null ? "" : failure.getOriginalMessage();
        JsonLocation location = failure.getLocation() != null ? failure.getLocation() : parser.currentLocation();
        int at = clamp(text, (int) location.getCharOffset());
        if (failure instanceof StreamConstraintsException) {
            return constraint(message, parser, text);
        }
        if (message.startsWith("Unexpected end-of-input") || at >= text.length) {
            return endOfText(message, parser, text);
        }
        if (message.startsWith("Unrecognized token '") || message.startsWith("Non-standard token '")) {
            int start = wordStart(text, at);
            if (startsWith(text, start, "NaN") || startsWith(text, start, "Infinity")
                    || startsWith(text, start, "-Infinity")) {
                return at(text, start, "NaN and Infinity are not JSON numbers");
            }
            return isWordChar(text[start]) ? at(text, start, "unquoted text (strings need double quotes)")
                    : unexpected(text, start, "a value");
        }
        if (message.contains("was expecting double-quote to start field name")) {
            return notAFieldName(text, at);
        }
        if (message.contains("expected a valid value")) {
            return notAValue(text, at);
        }
        if (message.contains("was expecting a colon")) {
            return unexpected(text, at, "':' after the field name");
        }
        if (message.contains("to separate Object entries")) {
            return unexpected(text, at, "',' or '}'");
        }
        if (message.contains("to separate Array entries")) {
            return unexpected(text, at, "',' or ']'");
        }
        if (message.startsWith("Unexpected close marker")) {
            return unexpected(text, at, parser.getParsingContext().inArray() ? "',' or ']'" : "',' or '}'");
        }
        if (message.contains("in numeric value") || message.startsWith("Invalid numeric value")) {
            return number(message, parser, text, at);
        }
        if (message.startsWith("Illegal character")) {
            // Jackson stands after a control character between tokens.
            int control = at > 0 && text[at - 1] < 0x20 ? at - 1 : at;
            return unexpected(text, control, "a value");
        }
        if (message.startsWith("Illegal unquoted character")) {
            return controlInString(text, at);
        }
        if (message.startsWith("Unrecognized character escape")) {
            return at(text, at - 1, "invalid escape: a backslash before " + show(text, at)
                    + " (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)");
        }
        if (message.contains("hex-digit for character escape")) {
            return at(text, lastIndexOf(text, at, "\\u"), "\\u must be followed by 4 hex digits");
        }
        return unexpected(text, at, "a value");
    }

    /** Nesting, number and string limits (StreamReadConstraints). */
    private static JsonSyntax constraint(String message, JsonParser parser, char[] text) {
        int after = clamp(text, (int) parser.currentLocation().getCharOffset());
        if (message.startsWith("Document nesting depth")) {
            return at(text, Math.max(0, after - 1), "more than " + ConfigJson.MAX_DEPTH
                    + " objects and arrays nested in each other");
        }
        if (message.startsWith("Number value length") || message.startsWith("Number length")) {
            int start = after;
            while (start > 0 && "0123456789+-.eE".indexOf(text[start - 1]) >= 0) {
                start--;
            }
            return at(text, start, "a number longer than " + ConfigJson.MAX_NUMBER_CHARS + " characters");
        }
        if (message.startsWith("Name length")) {
            return at(text, after, "a field name longer than " + ConfigJson.MAX_NAME_CHARS + " characters");
        }
        return at(text, clamp(text, (int) parser.currentTokenLocation().getCharOffset()),
                "a string longer than " + ConfigJson.MAX_STRING_CHARS + " characters");
    }

    private static JsonSyntax endOfText(String message, JsonParser parser, char[] text) {
        int escape = lastIndexOf(text, text.length, "\\u");
        if (message.contains("character escape sequence") && escape >= 0 && escape + 6 > text.length) {
            return at(text, escape, "\\u must be followed by 4 hex digits");
        }
        if (message.contains("in field name") || message.contains("closing quote")
                || message.contains("character escape sequence")) {
            return at(text, openingQuote(text), "unclosed string (the text ends before its closing '\"')");
        }
        if (message.contains("No digit following sign")) {
            return at(text, tokenStart(parser, text), "'-' must be followed by a digit");
        }
        if (message.contains("number exponent")) {
            return at(text, lastExponent(text, text.length), "an exponent must have digits");
        }
        if (message.contains("Decimal point")) {
            return at(text, lastIndexOf(text, text.length, "."), "a decimal point must be followed by a digit");
        }
        JsonStreamContext open = parser.getParsingContext();
        if (open == null || open.inRoot()) {
            return at(text, text.length, "the text ends before a value");
        }
        boolean object = open.inObject();
        // Jackson keeps the line and column (not the offset) where each object or array opened.
        JsonLocation opened = open.startLocation(ContentReference.unknown());
        return at(text, text.length, "unclosed " + (object ? "object" : "array") + ": the '" + (object ? '{' : '[')
                + "' at line " + opened.getLineNr() + ", column " + opened.getColumnNr() + " has no '"
                + (object ? '}' : ']') + "'");
    }

    private static JsonSyntax number(String message, JsonParser parser, char[] text, int at) {
        if (message.contains("plus sign")) {
            return at(text, lastIndexOf(text, at, "+"), "a number starting with '+' (JSON has no '+' sign; remove it)");
        }
        if (message.contains("Leading zeroes")) {
            int start = tokenStart(parser, text);
            return at(text, start < text.length && text[start] == '-' ? start + 1 : start,
                    "a number starting with 0 (JSON allows no leading zeros; remove them)");
        }
        if (message.contains("Decimal point")) {
            return at(text, lastIndexOf(text, at, "."), "a decimal point must be followed by a digit");
        }
        if (message.contains("Exponent")) {
            return at(text, lastExponent(text, at), "an exponent must have digits");
        }
        if (message.contains("minus sign")) {
            return at(text, tokenStart(parser, text), "'-' must be followed by a digit");
        }
        return unexpected(text, at, "a value");
    }

    private static JsonSyntax notAValue(char[] text, int at) {
        char c = text[at];
        if (c == ']' && previousIsComma(text, at)) {
            return at(text, at, "a comma before ']' (JSON allows no trailing comma; remove it)");
        }
        if (c == '\'') {
            return at(text, at, "single quotes are not JSON (strings need double quotes)");
        }
        if (c == '.') {
            return at(text, at, "a number starting with '.' (write a 0 before the point)");
        }
        if (isWordChar(c)) {
            return at(text, at, "unquoted text (strings need double quotes)");
        }
        return unexpected(text, at, "a value");
    }

    private static JsonSyntax notAFieldName(char[] text, int at) {
        char c = text[at];
        if (c == '}' && previousIsComma(text, at)) {
            return at(text, at, "a comma before '}' (JSON allows no trailing comma; remove it)");
        }
        if (c == '\'') {
            return at(text, at, "single quotes are not JSON (field names need double quotes)");
        }
        if (isWordChar(c)) {
            return at(text, at, "unquoted field name (field names need double quotes)");
        }
        return unexpected(text, at, "a field name in double quotes");
    }

    private static JsonSyntax controlInString(char[] text, int at) {
        char c = text[at];
        if (c == '\n' || c == '\r') {
            return at(text, at, "a line break inside a string (is its closing '\"' missing? in a string, write \\n)");
        }
        if (c == '\t') {
            return at(text, at, "a tab inside a string (write it as \\t)");
        }
        return at(text, at, "control character " + show(text, at) + " inside a string (write it as \\u"
                + hex(c) + ")");
    }

    static JsonSyntax unexpected(char[] text, int at, String expected) {
        if (at >= text.length) {
            return at(text, at, "the text ends before a value");
        }
        char c = text[at];
        if (c == '/' && (startsWith(text, at, "//") || startsWith(text, at, "/*"))) {
            return at(text, at, "comments are not JSON");
        }
        if (c == 0) {
            return at(text, at, "a zero byte (is the text UTF-16? save it as UTF-8)");
        }
        return at(text, at, "unexpected character " + show(text, at) + " (expected " + expected + ")");
    }

    /** The character at {@code at} for a message: itself when printable ASCII, else U+XXXX. */
    private static String show(char[] text, int at) {
        char c = text[at];
        if (c > 0x20 && c < 0x7f) {
            return "'" + c + "'";
        }
        int codePoint = Character.codePointAt(text, at);
        return "U+" + hex(codePoint);
    }

    private static String hex(int value) {
        String digits = Integer.toHexString(value).toUpperCase(Locale.ROOT);
        return "0000".substring(Math.min(4, digits.length())) + digits;
    }

    /** Where the current token started: Jackson keeps it for numbers and strings it is reading. */
    private static int tokenStart(JsonParser parser, char[] text) {
        return clamp(text, (int) parser.currentTokenLocation().getCharOffset());
    }

    /** The '"' that opens the string the text ends in: the last one not escaped by a backslash. */
    private static int openingQuote(char[] text) {
        for (int i = text.length - 1; i >= 0; i--) {
            if (text[i] == '"') {
                int backslashes = 0;
                for (int j = i - 1; j >= 0 && text[j] == '\\'; j--) {
                    backslashes++;
                }
                if (backslashes % 2 == 0) {
                    return i;
                }
            }
        }
        return text.length;
    }

    /** The start of the bare word that ends just before {@code end} (Jackson reports after it). */
    private static int wordStart(char[] text, int end) {
        int start = Math.min(end, text.length);
        while (start > 0 && (Character.isJavaIdentifierPart(text[start - 1]) || text[start - 1] == '-')
                && !Character.isIdentifierIgnorable(text[start - 1])) {
            start--;
        }
        return start < text.length ? start : Math.max(0, text.length - 1);
    }

    private static int lastExponent(char[] text, int from) {
        for (int i = Math.min(from, text.length - 1); i >= 0; i--) {
            if (text[i] == 'e' || text[i] == 'E') {
                return i;
            }
        }
        return from;
    }

    private static int lastIndexOf(char[] text, int from, String what) {
        for (int i = Math.min(from, text.length - what.length()); i >= 0; i--) {
            if (startsWith(text, i, what)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean previousIsComma(char[] text, int at) {
        int i = at - 1;
        while (i >= 0 && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) {
            i--;
        }
        return i >= 0 && text[i] == ',';
    }

    private static boolean startsWith(char[] text, int at, String what) {
        if (at < 0 || at + what.length() > text.length) {
            return false;
        }
        for (int i = 0; i < what.length(); i++) {
            if (text[at + i] != what.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A character that continues a bare word such as {@code true}. */
    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
    }

    private static int clamp(char[] text, int offset) {
        return offset < 0 ? 0 : Math.min(offset, text.length);
    }
}
