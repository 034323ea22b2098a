package io.telemetryagent.instrument.jdbc;

/**
 * SQL text with its literals removed, for {@code sql.sanitized_query} (only when the user turns
 * {@code sanitized_query} on). Every string literal ({@code 'it''s'}, PostgreSQL's {@code E'\''}
 * and {@code $tag$...$tag$}) and every number that is not part of a name becomes {@code ?};
 * comments, which can hold anything, are dropped. Double-quoted names stay, as the SQL standard
 * reads them. One pass over the text, no regex; the result is at most {@link #MAX_LENGTH} chars.
 */
final class SqlSanitizer {

    /** Enough for any statement worth reading; a longer one is cut (with no literal left in it). */
    static final int MAX_LENGTH = 1000;

    private SqlSanitizer() {}

    static String sanitize(String sql) {
        int n = sql.length();
        StringBuilder out = new StringBuilder(Math.min(n, MAX_LENGTH));
        int i = 0;
        while (i < n && out.length() < MAX_LENGTH) {
            char c = sql.charAt(i);
            if (c == '\'') {
                boolean backslashEscapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                        && (i < 2 || !isNamePart(sql.charAt(i - 2)));
                if (backslashEscapes) {
                    out.setLength(out.length() - 1); // the E prefix goes with its literal
                }
                i = endOfQuoted(sql, i, backslashEscapes);
                out.append('?');
            } else if (c == '"') {
                int end = sql.indexOf('"', i + 1);
                end = end < 0 ? n : end + 1;
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (c == '$' && dollarTagEnd(sql, i) > 0) {
                int tagEnd = dollarTagEnd(sql, i);
                String tag = sql.substring(i, tagEnd);
                int close = sql.indexOf(tag, tagEnd);
                i = close < 0 ? n : close + tag.length();
                out.append('?');
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1)))) {
                if (i > 0 && (isNamePart(sql.charAt(i - 1)) || sql.charAt(i - 1) == '$')) {
                    out.append(c); // a digit of a name (t1) or a parameter ($1)
                    i++;
                } else {
                    i = endOfNumber(sql, i);
                    out.append('?');
                }
            } else {
                out.append(c);
                i++;
            }
        }
        int length = Math.min(out.length(), MAX_LENGTH);
        while (length > 0 && Character.isWhitespace(out.charAt(length - 1))) {
            length--; // what a trailing comment left
        }
        out.setLength(length);
        return out.toString();
    }

    /** The index after the literal quoted at {@code start}; {@code ''} is a quote inside it. */
    private static int endOfQuoted(String sql, int start, boolean backslashEscapes) {
        int i = start + 1;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < n && sql.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    /** For {@code $tag$} or {@code $$} at {@code start}, the index after it; else 0 (a {@code $1} parameter, say). */
    private static int dollarTagEnd(String sql, int start) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '$') {
                return i + 1;
            }
            if (!(Character.isLetter(c) || c == '_' || (i > start + 1 && isDigit(c)))) {
                return 0;
            }
            i++;
        }
        return 0;
    }

    /** After digits, a fraction, an exponent, or a hex number's digits. */
    private static int endOfNumber(String sql, int start) {
        int i = start;
        int n = sql.length();
        if (sql.charAt(i) == '0' && i + 1 < n && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X')) {
            i += 2;
            while (i < n && Character.digit(sql.charAt(i), 16) >= 0) {
                i++;
            }
            return i;
        }
        while (i < n) {
            char c = sql.charAt(i);
            if (isDigit(c) || c == '.') {
                i++;
            } else if ((c == 'e' || c == 'E') && i + 1 < n
                    && (isDigit(sql.charAt(i + 1)) || sql.charAt(i + 1) == '+' || sql.charAt(i + 1) == '-')) {
                i += 2;
            } else {
                return i;
            }
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
