package io.telemetryagent.export;

import java.nio.charset.StandardCharsets;

/**
 * The body of one {@code PutTraceSegments} call, built as documents arrive:
 * {@code {"TraceSegmentDocuments":["<document>",...]}} in UTF-8, each document (UTF-8 JSON from
 * {@link SegmentWriter}) escaped as a JSON string in one pass over its bytes. The buffer is kept
 * from batch to batch. Owned by the exporter's thread.
 */
final class BatchBody {

    private static final byte[] HEAD = "{\"TraceSegmentDocuments\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes = new byte[64 * 1024];
    private int length;
    private int documents;
    private boolean closed;

    BatchBody() {
        clear();
    }

    /** How many documents the body holds. */
    int documents() {
        return documents;
    }

    boolean isEmpty() {
        return documents == 0;
    }

    /** Empties the body for the next batch (keeping its buffer). */
    void clear() {
        length = 0;
        documents = 0;
        closed = false;
        put(HEAD);
    }

    /** Adds one document: {@code length} bytes of UTF-8 JSON. */
    void add(byte[] utf8, int count) {
        if (closed) {
            throw new IllegalStateException("the body was already sent; clear() it first");
        }
        // Escaping at most doubles ASCII ('"', '\\'); control characters, six bytes each, never
        // appear in a document the JSON generator wrote.
        ensure(2 * count + 3);
        byte[] out = bytes;
        int at = length;
        if (documents > 0) {
            out[at++] = ',';
        }
        out[at++] = '"';
        for (int i = 0; i < count; i++) {
            byte b = utf8[i];
            if (b == '"' || b == '\\') {
                out[at++] = '\\';
                out[at++] = b;
            } else if (b >= 0 && b < 0x20) {
                length = at;
                ensure(6 + 2 * (count - i) + 1);
                out = bytes;
                out[at++] = '\\';
                out[at++] = 'u';
                out[at++] = '0';
                out[at++] = '0';
                out[at++] = HEX[b >> 4];
                out[at++] = HEX[b & 0xF];
            } else {
                out[at++] = b; // ASCII, or a byte of a multi-byte UTF-8 character: as it is
            }
        }
        out[at++] = '"';
        length = at;
        documents++;
    }

    /** Adds one document already escaped as a JSON string's content (an embedded {@link SegmentWriter}'s). */
    void addEscaped(byte[] escaped, int count) {
        if (closed) {
            throw new IllegalStateException("the body was already sent; clear() it first");
        }
        ensure(count + 3);
        if (documents > 0) {
            bytes[length++] = ',';
        }
        bytes[length++] = '"';
        System.arraycopy(escaped, 0, bytes, length, count);
        length += count;
        bytes[length++] = '"';
        documents++;
    }

    /** Adds one document given as text (tests, and callers that hold strings). */
    void add(String document) {
        byte[] utf8 = document.getBytes(StandardCharsets.UTF_8);
        add(utf8, utf8.length);
    }

    /** Closes the array and the object; the body is then ready to send (and to send again on retry). */
    void close() {
        if (!closed) {
            ensure(2);
            bytes[length++] = ']';
            bytes[length++] = '}';
            closed = true;
        }
    }

    /** The bytes of a closed body: {@link #length()} of them are valid. Not a copy. */
    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** A copy of the valid bytes (tests). */
    byte[] copy() {
        byte[] copy = new byte[length];
        System.arraycopy(bytes, 0, copy, 0, length);
        return copy;
    }

    private void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            byte[] bigger = new byte[Math.max(bytes.length * 2, length + more)];
            System.arraycopy(bytes, 0, bigger, 0, length);
            bytes = bigger;
        }
    }
}
