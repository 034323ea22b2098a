package io.telemetryagent.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One client connection of the {@link CountingSinks}, served on its own thread: HTTP/1.1 requests
 * one after another (kept alive unless the client says {@code Connection: close} or speaks
 * HTTP/1.0), each body read by Content-Length or chunked straight from one reused buffer into what
 * its route counts, never copied whole. A request this server cannot read gets a 400 naming the
 * header and the fix, and the connection is closed.
 */
final class SinkConnection implements Runnable {

    private static final int BUFFER = 64 * 1024;
    /** The longest header value quoted back in an error. */
    private static final int QUOTED = 40;

    private static final int OTHER = 0;
    private static final int XRAY = 1;
    private static final int OTLP = 2;

    private static final byte[] XRAY_PATH = ascii("/TraceSegments");
    private static final byte[] OTLP_PATH = ascii("/v1/traces");
    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] EXPECT = ascii("expect");
    private static final byte[] HTTP_1_1 = ascii("HTTP/1.1");
    private static final byte[] HTTP_1_0 = ascii("HTTP/1.0");
    private static final byte[] CONTINUE = ascii("HTTP/1.1 100 Continue\r\n\r\n");

    /** Each route's answer, kept alive and closing. */
    private static final byte[][] KEEP = new byte[3][];
    private static final byte[][] CLOSE = new byte[3][];

    static {
        byte[] xrayOk = ascii("{\"UnprocessedTraceSegments\":[]}");
        for (int close = 0; close < 2; close++) {
            byte[][] answers = close == 0 ? KEEP : CLOSE;
            answers[XRAY] = answer("application/json", xrayOk, close == 1);
            answers[OTLP] = answer("application/x-protobuf", new byte[0], close == 1);
            answers[OTHER] = answer(null, new byte[0], close == 1);
        }
    }

    private final Socket socket;
    private final CountingSinks sinks;
    private final DocumentCounter documents = new DocumentCounter();
    private final byte[] buf = new byte[BUFFER];
    /** The bytes read and not yet used are {@code buf[pos, limit)}. */
    private int pos;
    private int limit;
    private InputStream in;
    private OutputStream out;

    // The request being read.
    private int route;
    private long bodyBytes;
    private boolean keepAlive;

    SinkConnection(Socket socket, CountingSinks sinks) {
        this.socket = socket;
        this.sinks = sinks;
    }

    @Override
    public void run() {
        try (Socket s = socket) {
            s.setTcpNoDelay(true); // an answer is one write; nothing to gain from Nagle
            in = s.getInputStream();
            out = s.getOutputStream();
            try {
                while (serveOne()) {
                    // next request on the kept-alive connection
                }
            } catch (BadRequest e) {
                refuse(e);
            }
        } catch (IOException e) {
            // the client went away, or the sinks were closed
        } finally {
            sinks.forget(socket);
        }
    }

    /** Reads one request and answers it; false once the connection is to end. */
    private boolean serveOne() throws IOException {
        int headEnd = readHead();
        if (headEnd < 0) {
            return false; // closed between requests
        }
        boolean chunked = false;
        long length = 0;
        boolean expectContinue = false;
        int line = parseRequestLine();
        for (int number = 1; line < headEnd - 2; number++) { // up to the blank line
            int end = indexOf('\n', line, headEnd);
            int colon = indexOf(':', line, end);
            if (colon < 0) { // not quoted: it may hold a credential
                throw new BadRequest("header line " + number + " has no ':': send 'Name: value' lines");
            }
            int value = skipSpaces(colon + 1, end);
            int valueEnd = trimEnd(value, end);
            if (nameIs(line, colon, CONTENT_LENGTH)) {
                length = contentLength(value, valueEnd);
            } else if (nameIs(line, colon, TRANSFER_ENCODING)) {
                chunked = chunked(value, valueEnd);
            } else if (nameIs(line, colon, CONNECTION)) {
                String tokens = text(value, valueEnd).toLowerCase(Locale.ROOT);
                if (tokens.contains("close")) {
                    keepAlive = false;
                }
            } else if (nameIs(line, colon, EXPECT)) {
                expectContinue = text(value, valueEnd).equalsIgnoreCase("100-continue");
            }
            line = end + 1;
        }
        pos = headEnd;
        if (expectContinue && pos == limit && (chunked || length > 0)) {
            out.write(CONTINUE); // the client waits for it before sending the body
        }
        bodyBytes = 0;
        documents.reset();
        if (chunked) {
            readChunked();
        } else {
            readBody(length);
        }
        count();
        out.write(keepAlive ? KEEP[route] : CLOSE[route]);
        return keepAlive;
    }

    private void count() {
        if (route == XRAY) {
            sinks.xrayDocuments.addAndGet(documents.count());
            sinks.xrayCalls.incrementAndGet();
        } else if (route == OTLP) {
            sinks.otlpRequests.incrementAndGet();
            sinks.otlpBytes.addAndGet(bodyBytes);
        }
    }

    /** Hands {@code buf[from, to)}, body bytes, to the route. */
    private void consume(int from, int to) {
        bodyBytes += to - from;
        if (route == XRAY) {
            documents.accept(buf, from, to);
        }
    }

    private void readBody(long length) throws IOException {
        long remaining = length;
        while (remaining > 0) {
            if (pos == limit && !fill()) {
                throw new EOFException("body ended " + remaining + " bytes short");
            }
            int take = (int) Math.min(remaining, limit - pos);
            consume(pos, pos + take);
            pos += take;
            remaining -= take;
        }
    }

    private void readChunked() throws IOException {
        while (true) {
            int end = lineEnd();
            long size = chunkSize(pos, end);
            pos = end + 1;
            if (size == 0) {
                break;
            }
            readBody(size);
            end = lineEnd();
            if (trimEnd(pos, end) != pos) {
                throw new BadRequest("chunk of " + size + " bytes is longer than its size line says: end each chunk with CR LF");
            }
            pos = end + 1;
        }
        while (true) { // trailers, up to the blank line
            int end = lineEnd();
            boolean blank = trimEnd(pos, end) == pos;
            pos = end + 1;
            if (blank) {
                return;
            }
        }
    }

    /**
     * Reads until the buffer holds a whole request head from {@code pos}; returns the index just
     * after its blank line, or -1 if the client closed the connection before sending a byte.
     */
    private int readHead() throws IOException {
        if (pos == limit) {
            pos = limit = 0;
        } else if (pos > 0) { // the start of a pipelined request
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        int scanned = 0;
        while (true) {
            for (int i = Math.max(scanned, 3); i < limit; i++) {
                if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                    return i + 1;
                }
            }
            scanned = limit;
            if (limit == buf.length) {
                throw new BadRequest("request head is over " + BUFFER / 1024 + " KB: send fewer or shorter headers");
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                if (limit == 0) {
                    return -1;
                }
                throw new EOFException("connection closed inside a request head");
            }
            limit += n;
        }
    }

    /** Reads the request line at {@code pos}: sets the route and keep-alive; returns where the headers start. */
    private int parseRequestLine() throws BadRequest {
        int end = indexOf('\n', pos, limit);
        int lineEnd = trimEnd(pos, end);
        int space = indexOf(' ', pos, lineEnd);
        int target = space + 1;
        int targetEnd = space < 0 ? -1 : indexOf(' ', target, lineEnd);
        if (space <= pos || targetEnd <= target) {
            throw new BadRequest("request line '" + quote(pos, lineEnd) + "' is not 'METHOD /path HTTP/1.1'");
        }
        if (regionIs(targetEnd + 1, lineEnd, HTTP_1_1)) {
            keepAlive = true;
        } else if (regionIs(targetEnd + 1, lineEnd, HTTP_1_0)) {
            keepAlive = false; // HTTP/1.0 clients are answered and closed
        } else {
            throw new BadRequest("HTTP version '" + quote(targetEnd + 1, lineEnd) + "' is not supported: send HTTP/1.1");
        }
        // Matched by path prefix, as the JDK's HttpServer matches a context.
        if (startsWith(target, targetEnd, XRAY_PATH)) {
            route = XRAY;
        } else if (startsWith(target, targetEnd, OTLP_PATH)) {
            route = OTLP;
        } else {
            route = OTHER;
        }
        return end + 1;
    }

    private long contentLength(int from, int to) throws BadRequest {
        long length = 0;
        for (int i = from; i < to; i++) {
            int digit = buf[i] - '0';
            if (digit < 0 || digit > 9 || length > Long.MAX_VALUE / 10 - 1) {
                length = -1;
                break;
            }
            length = length * 10 + digit;
        }
        if (from == to || length < 0) {
            throw new BadRequest("Content-Length '" + quote(from, to) + "' is not a byte count: send a decimal number");
        }
        return length;
    }

    private boolean chunked(int from, int to) throws BadRequest {
        String codings = text(from, to).toLowerCase(Locale.ROOT).replace(" ", "");
        if (codings.equals("chunked")) {
            return true;
        }
        if (codings.equals("identity")) {
            return false;
        }
        throw new BadRequest("Transfer-Encoding '" + quote(from, to) + "' is not supported: send 'chunked' or a Content-Length");
    }

    /** The size on a chunk line {@code buf[from, to)} (hexadecimal, extensions ignored). */
    private long chunkSize(int from, int to) throws BadRequest {
        long size = 0;
        int i = from;
        for (; i < to; i++) {
            int b = buf[i];
            int digit = b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
            if (digit < 0) {
                break;
            }
            if (size > (1L << 40)) {
                throw new BadRequest("chunk size '" + quote(from, trimEnd(from, to)) + "' is too large: send chunks under 1 TB");
            }
            size = size * 16 + digit;
        }
        int rest = skipSpaces(i, to);
        if (i == from || (rest < trimEnd(from, to) && buf[rest] != ';')) {
            throw new BadRequest("chunk size line '" + quote(from, trimEnd(from, to)) + "' is not hexadecimal: send 'size CR LF data CR LF'");
        }
        return size;
    }

    /** Reads until a whole line is in the buffer from {@code pos}; returns the index of its LF. */
    private int lineEnd() throws IOException {
        int scanned = pos;
        while (true) {
            int lf = indexOf('\n', scanned, limit);
            if (lf >= 0) {
                return lf;
            }
            scanned = limit - pos;
            if (!fill()) {
                throw new EOFException("connection closed inside a chunked body");
            }
            scanned += pos;
        }
    }

    /**
     * Reads more bytes after {@code limit}, first making room: the buffer starts over when all is
     * used, and unused bytes move to its start when it is full. False at the end of the stream.
     */
    private boolean fill() throws IOException {
        if (pos == limit) {
            pos = limit = 0;
        } else if (limit == buf.length) {
            if (pos == 0) {
                throw new BadRequest("a chunk size or trailer line is over " + BUFFER / 1024 + " KB: send shorter lines");
            }
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            return false;
        }
        limit += n;
        return true;
    }

    private void refuse(BadRequest e) {
        System.err.println("counting sinks: refused a request: " + e.getMessage());
        byte[] body = (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            out.write(ascii("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n"));
            out.write(body);
            socket.shutdownOutput(); // the answer goes before the close, even with body bytes unread
        } catch (IOException gone) {
            // the client left first
        }
    }

    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private int skipSpaces(int from, int to) {
        while (from < to && (buf[from] == ' ' || buf[from] == '\t')) {
            from++;
        }
        return from;
    }

    /** {@code to} moved back over a CR and spaces. */
    private int trimEnd(int from, int to) {
        while (to > from && (buf[to - 1] == '\r' || buf[to - 1] == ' ' || buf[to - 1] == '\t')) {
            to--;
        }
        return to;
    }

    /** Whether the header name {@code buf[from, colon)} is {@code lowerName}, ignoring case. */
    private boolean nameIs(int from, int colon, byte[] lowerName) {
        if (colon - from != lowerName.length) {
            return false;
        }
        for (int k = 0; k < lowerName.length; k++) {
            int b = buf[from + k];
            if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != lowerName[k]) {
                return false;
            }
        }
        return true;
    }

    private boolean regionIs(int from, int to, byte[] expected) {
        return to - from == expected.length && startsWith(from, to, expected);
    }

    private boolean startsWith(int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (buf[from + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private String text(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** A value to quote in an error: its first {@value #QUOTED} characters. */
    private String quote(int from, int to) {
        return to - from <= QUOTED ? text(from, to) : text(from, from + QUOTED) + "...";
    }

    private static byte[] answer(String contentType, byte[] body, boolean close) {
        String head = "HTTP/1.1 200 OK\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + body.length + "\r\n"
                + (close ? "Connection: close\r\n" : "")
                + "\r\n";
        byte[] bytes = new byte[head.length() + body.length];
        System.arraycopy(ascii(head), 0, bytes, 0, head.length());
        System.arraycopy(body, 0, bytes, head.length(), body.length);
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A request this server cannot read; its message names what and the fix. */
    private static final class BadRequest extends IOException {
        BadRequest(String message) {
            super(message);
        }
    }
}
