package io.telemetryagent.export;

import java.nio.charset.StandardCharsets;

/**
 * A small streaming JSON writer for segment documents: UTF-8 straight into a reusable byte
 * buffer that stops storing past its limit and remembers it did (so a huge segment costs CPU to
 * detect, never memory). Commas are placed by the writer; field names are ASCII constants.
 * About a tenth of a general-purpose generator's code, so it is compiled early and cheaply on
 * the exporter's thread. Not thread-safe.
 *
 * <p><em>Embedded</em>, it writes the document already escaped as the content of a JSON string
 * ({@code {\"name\":\"x\"}}), ready to go between the quotes of a {@code PutTraceSegments}
 * body without a second pass; the limit still applies to the document itself.
 */
final class JsonBytes {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);

    private final int limit;
    /** Bytes stored at most: the limit, or twice it when embedded (escapes included). */
    private final int capacity;
    private final boolean embedded;
    /** Bytes a quote or an escaping backslash takes: 1, or 2 when embedded. */
    private final int q;
    private byte[] bytes;
    private int length;
    /** Backslashes added by embedding: the document itself is {@code length - extra} bytes. */
    private int extra;
    private boolean overflowed;
    /** True when the next field or element needs a comma before it. */
    private boolean comma;

    JsonBytes(int limit) {
        this(limit, false);
    }

    JsonBytes(int limit, boolean embedded) {
        this.limit = limit;
        this.embedded = embedded;
        this.q = embedded ? 2 : 1;
        this.capacity = embedded ? 2 * limit : limit;
        this.bytes = new byte[Math.min(capacity, 8 * 1024)];
    }

    void reset() {
        length = 0;
        extra = 0;
        overflowed = false;
        comma = false;
    }

    /** True when the document passed the limit (and is lost). */
    boolean overflowed() {
        return overflowed || length - extra > limit;
    }

    /** The size of the document itself, escapes for embedding not counted. */
    int documentSize() {
        return length - extra;
    }

    /** The buffer itself: {@link #size()} bytes of it are the document. */
    byte[] bytes() {
        return bytes;
    }

    int size() {
        return length;
    }

    /** The document as text (tests). */
    String text() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    void startObject() {
        separate();
        put('{');
        comma = false;
    }

    void endObject() {
        put('}');
        comma = true;
    }

    void endArray() {
        put(']');
        comma = true;
    }

    void objectField(String name) {
        name(name);
        put('{');
        comma = false;
    }

    void arrayField(String name) {
        name(name);
        put('[');
        comma = false;
    }

    void stringField(String name, String value) {
        name(name);
        string(value);
        comma = true;
    }

    /** A string as the next element of an array. */
    void stringValue(String value) {
        separate();
        string(value);
        comma = true;
    }

    void trueField(String name) {
        name(name);
        put(TRUE);
        comma = true;
    }

    void numberField(String name, long value) {
        name(name);
        digits(value);
        comma = true;
    }

    /** The last whole second {@link #secondsField} wrote, and its digits: a document's times share it. */
    private long lastSecond = -1;
    private final byte[] lastSecondDigits = new byte[19];
    private int lastSecondLength;

    /** {@code seconds.micros}, six decimals exactly: X-Ray's times, with no double rounding. */
    void secondsField(String name, long epochMicros) {
        name(name);
        long micros = Math.max(0, epochMicros);
        long second = micros / 1_000_000L;
        if (second != lastSecond) {
            int start = length;
            digits(second);
            if (overflowed) {
                return;
            }
            lastSecondLength = length - start;
            System.arraycopy(bytes, start, lastSecondDigits, 0, lastSecondLength);
            lastSecond = second;
        } else if (room(lastSecondLength)) {
            System.arraycopy(lastSecondDigits, 0, bytes, length, lastSecondLength);
            length += lastSecondLength;
        }
        int fraction = (int) (micros % 1_000_000L);
        if (!room(7)) {
            return;
        }
        byte[] out = bytes;
        int at = length;
        out[at] = '.';
        // Right to left, dividing by a constant: the JIT makes that a multiplication.
        for (int i = 6; i >= 1; i--) {
            out[at + i] = (byte) ('0' + fraction % 10);
            fraction /= 10;
        }
        length = at + 7;
        comma = true;
    }

    /** A fragment {@link #fragment()} copied from a writer with the same embedding, as the next field(s). */
    void fragment(Fragment fragment) {
        if (fragment.overflowed) {
            overflowed = true;
            return;
        }
        if (fragment.bytes.length == 0) {
            return;
        }
        separate();
        if (room(fragment.bytes.length)) {
            System.arraycopy(fragment.bytes, 0, bytes, length, fragment.bytes.length);
            length += fragment.bytes.length;
            extra += fragment.extra;
        }
        comma = true;
    }

    /**
     * Fields written once and copied into every document: what was written since {@link #reset()},
     * which must be fields of an object (no leading comma).
     */
    Fragment fragment() {
        byte[] copy = new byte[length];
        System.arraycopy(bytes, 0, copy, 0, length);
        return new Fragment(copy, extra, overflowed());
    }

    /** Pre-written fields, escapes for embedding included ({@code extra} of them). */
    static final class Fragment {
        final byte[] bytes;
        final int extra;
        /** Too big to fit any document: every document it goes into is lost. */
        final boolean overflowed;

        Fragment(byte[] bytes, int extra, boolean overflowed) {
            this.bytes = bytes;
            this.extra = extra;
            this.overflowed = overflowed;
        }
    }

    private void separate() {
        if (comma) {
            put(',');
        }
    }

    private void name(String name) {
        separate();
        int n = name.length();
        if (!room(n + 2 * q + 1)) {
            return;
        }
        quote();
        byte[] out = bytes;
        int at = length;
        for (int i = 0; i < n; i++) {
            out[at + i] = (byte) name.charAt(i); // our own ASCII constants
        }
        length = at + n;
        quote();
        bytes[length++] = ':';
    }

    private void digits(long value) {
        long v = value < 0 ? -value : value; // times, statuses, counts: never Long.MIN_VALUE
        int n = 1;
        for (long bound = 10; n < 19 && v >= bound; bound *= 10) {
            n++;
        }
        int sign = value < 0 ? 1 : 0;
        if (!room(n + sign)) {
            return;
        }
        byte[] out = bytes;
        int at = length;
        if (sign == 1) {
            out[at++] = '-';
        }
        // Right to left, dividing by a constant: the JIT makes that a multiplication.
        for (int i = at + n - 1; i >= at; i--) {
            out[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        length = at + n;
    }

    /** A JSON string in UTF-8: quotes, backslashes and control characters escaped; a lone surrogate becomes U+FFFD. */
    private void string(String value) {
        int n = value.length();
        // At least a byte per character and the two quotes, or the document is lost anyway.
        if (!room(n + 2 * q)) {
            return;
        }
        quote();
        // Printable ASCII, the usual case, is copied in one tight loop up to the first character
        // that needs more than a byte or an escape, where the general loop below takes over.
        byte[] out = bytes;
        int at = length;
        int i = 0;
        for (; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                break;
            }
            out[at + i] = (byte) c;
        }
        length = at + i;
        for (; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                if (length == bytes.length && !room(1)) {
                    return;
                }
                bytes[length++] = (byte) c;
            } else if (c == '"' || c == '\\') {
                if (!room(2 * q)) {
                    return;
                }
                backslash();
                if (embedded) {
                    bytes[length++] = '\\'; // the quote or backslash itself, escaped once more
                    extra++;
                }
                bytes[length++] = (byte) c;
            } else if (c < 0x20) {
                if (!room(q + 5)) {
                    return;
                }
                escapeControl(c);
            } else if (c < 0x800) {
                if (!room(2)) {
                    return;
                }
                bytes[length++] = (byte) (0xC0 | (c >> 6));
                bytes[length++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                if (!room(4)) {
                    return;
                }
                int cp = Character.toCodePoint(c, value.charAt(++i));
                bytes[length++] = (byte) (0xF0 | (cp >> 18));
                bytes[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                bytes[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                bytes[length++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                if (!room(3)) {
                    return;
                }
                int u = Character.isSurrogate(c) ? 0xFFFD : c;
                bytes[length++] = (byte) (0xE0 | (u >> 12));
                bytes[length++] = (byte) (0x80 | ((u >> 6) & 0x3F));
                bytes[length++] = (byte) (0x80 | (u & 0x3F));
            }
        }
        if (room(q)) {
            quote();
        }
    }

    /** A quote of the JSON structure: {@code \"} when embedded. Room was made. */
    private void quote() {
        if (embedded) {
            bytes[length++] = '\\';
            extra++;
        }
        bytes[length++] = '"';
    }

    /** A backslash that escapes: doubled when embedded. Room was made. */
    private void backslash() {
        if (embedded) {
            bytes[length++] = '\\';
            extra++;
        }
        bytes[length++] = '\\';
    }

    /** Writes \\n, \\t, ... or \\u00XX (6 bytes of room were made). */
    private void escapeControl(char c) {
        backslash();
        switch (c) {
            case '\n': bytes[length++] = 'n'; return;
            case '\r': bytes[length++] = 'r'; return;
            case '\t': bytes[length++] = 't'; return;
            case '\b': bytes[length++] = 'b'; return;
            case '\f': bytes[length++] = 'f'; return;
            default:
                bytes[length++] = 'u';
                bytes[length++] = '0';
                bytes[length++] = '0';
                bytes[length++] = HEX[c >> 4];
                bytes[length++] = HEX[c & 0xF];
        }
    }

    private void put(char c) {
        if (room(1)) {
            bytes[length++] = (byte) c;
        }
    }

    private void put(byte[] b) {
        if (room(b.length)) {
            System.arraycopy(b, 0, bytes, length, b.length);
            length += b.length;
        }
    }

    /**
     * True when {@code count} more bytes fit, growing the buffer up to the limit. Past the limit
     * the document is lost: {@link #overflowed()} turns true and nothing more is stored.
     */
    private boolean room(int count) {
        if (length + count <= bytes.length) {
            return !overflowed;
        }
        if (overflowed || length + count > capacity) {
            overflowed = true;
            return false;
        }
        byte[] bigger = new byte[Math.min(capacity, Math.max(bytes.length * 2, length + count))];
        System.arraycopy(bytes, 0, bigger, 0, length);
        bytes = bigger;
        return true;
    }
}
