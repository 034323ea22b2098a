package io.telemetryagent.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Locale;

/** How values and field names appear in configuration error messages: short, on one line. */
final class ErrorText {

    /** Values longer than this are cut, so that a message stays readable on one line. */
    static final int MAX_VALUE_CHARS = 60;

    private ErrorText() {}

    /** A JSON value as the user wrote it (strings quoted); objects and arrays by kind only. */
    static String value(JsonNode node) {
        if (node.isTextual()) {
            return quote(node.textValue());
        }
        if (node.isNumber() || node.isBoolean() || node.isNull()) {
            return node.asText();
        }
        // Never echo a whole object: it may hold credentials.
        return kind(node);
    }

    /** What a value is, without the value: for fields whose value must never be shown. */
    static String kind(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT: return "an object";
            case ARRAY: return "an array";
            case STRING: return node.textValue().isEmpty() ? "an empty string" : "a string";
            case NUMBER: return "a number";
            case BOOLEAN: return "a boolean";
            default: return "null";
        }
    }

    static String quote(String text) {
        return quote(text, MAX_VALUE_CHARS);
    }

    /**
     * {@code text} in double quotes, control characters escaped, cut at {@code max} characters as
     * written: an escape counts for what it takes on the line ({@code \u007f} is six), so a name
     * made of control characters cannot make the message long.
     */
    static String quote(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8).append('"');
        int written = 0;
        boolean cut = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escaped = escape(c);
            int width = escaped != null ? escaped.length()
                    : Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)) ? 2 : 1;
            if (written + width > max) {
                cut = true;
                break;
            }
            if (escaped != null) {
                out.append(escaped);
            } else {
                out.append(c);
                if (width == 2) {
                    out.append(text.charAt(++i));
                }
            }
            written += width;
        }
        return out.append(cut ? "...\"" : "\"").toString();
    }

    /** How a character is written in a message, or null when it is written as itself. */
    private static String escape(char c) {
        switch (c) {
            case '"': return "\\\"";
            case '\\': return "\\\\";
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            default:
                if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
                    return String.format("\\u%04x", (int) c);
                }
                return null;
        }
    }

    /** Line breaks replaced by spaces: every message is one line. */
    static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lineBreak = c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || c == 0x85
                    || c == 0x2028 || c == 0x2029;
            out.append(lineBreak ? ' ' : c);
        }
        return out.toString();
    }

    /** The candidate closest to {@code name} within 2 edits (case ignored), or null. */
    static String closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = 3;
        String lower = name.toLowerCase(Locale.ROOT);
        for (String candidate : candidates) {
            int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Edit distance counting insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
