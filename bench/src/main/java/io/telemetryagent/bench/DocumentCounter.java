package io.telemetryagent.bench;

import java.nio.charset.StandardCharsets;

/**
 * Counts the documents of a PutTraceSegments body as its bytes arrive, in pieces of any size: the
 * JSON strings of its {@code TraceSegmentDocuments} array, each skipped with its escapes. Not a
 * parser: the receiver shares the machine with the host it measures, so it looks at each byte
 * once, and inside a document only for {@code "} and {@code \}. One counter per connection,
 * {@link #reset() reset} for each request.
 */
final class DocumentCounter {

    private static final byte[] KEY = "\"TraceSegmentDocuments\"".getBytes(StandardCharsets.US_ASCII);

    private static final int SEEK_KEY = 0;
    private static final int SEEK_ARRAY = 1;
    private static final int IN_ARRAY = 2;
    private static final int IN_STRING = 3;
    /** A backslash ended the last piece: the first byte of the next one is escaped. */
    private static final int ESCAPED = 4;
    private static final int DONE = 5;

    private int state;
    /** Bytes of KEY matched so far, while seeking it. */
    private int matched;
    private long count;

    void reset() {
        state = SEEK_KEY;
        matched = 0;
        count = 0;
    }

    long count() {
        return count;
    }

    /** The documents in a whole body. */
    static long count(byte[] body) {
        DocumentCounter counter = new DocumentCounter();
        counter.accept(body, 0, body.length);
        return counter.count;
    }

    /** Reads {@code bytes[from, to)}, the next piece of the body. */
    void accept(byte[] bytes, int from, int to) {
        int state = this.state;
        long count = this.count;
        int i = from;
        scan:
        while (i < to) {
            switch (state) {
                case IN_STRING:
                    while (i < to) {
                        byte b = bytes[i];
                        if (b == '"') {
                            i++;
                            state = IN_ARRAY;
                            continue scan;
                        }
                        i += b == '\\' ? 2 : 1;
                    }
                    if (i > to) { // the escaped byte is the next piece's first
                        state = ESCAPED;
                    }
                    break scan;
                case IN_ARRAY:
                    while (i < to) {
                        byte b = bytes[i++];
                        if (b == '"') {
                            count++;
                            state = IN_STRING;
                            continue scan;
                        }
                        if (b == ']') {
                            state = DONE;
                            break scan;
                        }
                    }
                    break scan;
                case ESCAPED:
                    i++;
                    state = IN_STRING;
                    break;
                case SEEK_KEY:
                    i = seekKey(bytes, i, to);
                    if (matched == KEY.length) {
                        state = SEEK_ARRAY;
                    }
                    break;
                case SEEK_ARRAY:
                    while (i < to) {
                        if (bytes[i++] == '[') {
                            state = IN_ARRAY;
                            continue scan;
                        }
                    }
                    break scan;
                default: // DONE: the rest of the body is not looked at
                    break scan;
            }
        }
        this.state = state;
        this.count = count;
    }

    /** Matches KEY from {@code i}; returns where it stopped (after the key, or at {@code to}). */
    private int seekKey(byte[] bytes, int i, int to) {
        int k = matched;
        while (i < to && k < KEY.length) {
            byte b = bytes[i++];
            if (b == KEY[k]) {
                k++;
            } else {
                // KEY's only quote before its last byte is its first, so a mismatch restarts the
                // match, at 1 when the byte is itself a quote.
                k = b == '"' ? 1 : 0;
            }
        }
        matched = k;
        return i;
    }
}
