package io.telemetryagent.export;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One persistent HTTP/1.1 connection to one URL, for the exporter's {@code POST}s: the request
 * head is built in a reused buffer and written with the body in one write; the answer is read
 * by Content-Length, chunked, or to the end of the stream, within fixed bounds. A connection
 * the server closed while idle is replaced once, when nothing of the answer came. TLS from the
 * JVM's default context with hostname verification; HTTP proxies (absolute URI, or a CONNECT
 * tunnel for https) and SOCKS proxies; no proxy authentication. This replaces
 * {@link java.net.HttpURLConnection}, whose generic machinery (header maps, keep-alive cache,
 * proxy, cookie and auth handling) cost more CPU per call than the call's signing and body.
 * Not thread-safe: the exporter's thread owns it.
 */
final class Http1Connection implements AutoCloseable {

    /** The most an answer's status line and headers (and a chunked body's trailers) may take. */
    static final int MAX_HEAD = 64 * 1024;
    /** The most an answer's body may take. */
    static final int MAX_BODY = 1024 * 1024;
    /**
     * A connection idle longer is closed rather than used: a NAT or load balancer may have
     * dropped it without a word, and a write into such a one waits out the read timeout.
     */
    static final long DEFAULT_MAX_IDLE_NANOS = 20_000_000_000L;

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CONTENT_LENGTH = lower("Content-Length");
    private static final byte[] TRANSFER_ENCODING = lower("Transfer-Encoding");
    private static final byte[] CONNECTION = lower("Connection");
    private static final byte[] ERROR_TYPE = lower("x-amzn-ErrorType");

    private final String host;
    private final int port;
    private final boolean tls;
    private final Proxy proxy;
    /** {@code host:port} of the proxy, for messages; null when direct. */
    private final String proxyName;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    /** Request line, Host and the fixed headers, encoded once. */
    private final byte[] fixedHead;
    /** Null until the first https connection, unless given (tests). */
    private SSLSocketFactory tlsFactory;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /** Whether {@link #socket} has carried an exchange already (so it may have gone stale). */
    private boolean reused;
    private long lastUsedNanos;
    private long maxIdleNanos = DEFAULT_MAX_IDLE_NANOS;

    // The request being built: fixedHead, the call's headers, then the body when it fits.
    private byte[] request = new byte[128 * 1024];
    private int requestLength;
    /** A body too big for {@link #request}, during {@link #post}; else null. */
    private byte[] body;
    private int bodyLength;

    // What was read and not yet used.
    private final byte[] input = new byte[16 * 1024];
    private int inputAt;
    private int inputEnd;
    /** Whether any byte of the current answer arrived. */
    private boolean answerStarted;
    private byte[] line = new byte[256];
    private int lineLength;

    /**
     * A connection to {@code uri} (http or https), through {@code proxy}. {@code hostHeader} is
     * the Host header as signed; {@code fixedHeaders} are name, value pairs sent on every request.
     */
    Http1Connection(URI uri, String hostHeader, Proxy proxy, SSLSocketFactory tlsFactory, int connectTimeoutMillis,
                    int readTimeoutMillis, String... fixedHeaders) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException(uri + " is not an http(s) URL with a host");
        }
        this.tls = scheme.equals("https");
        this.host = uri.getHost();
        this.port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        this.proxy = proxy == null ? Proxy.NO_PROXY : proxy;
        this.proxyName = this.proxy.type() == Proxy.Type.DIRECT ? null : describe(this.proxy);
        this.tlsFactory = tlsFactory;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        // Through an HTTP proxy, a plain request names the whole URL; a tunnelled one does not.
        String target = this.proxy.type() == Proxy.Type.HTTP && !tls ? scheme + "://" + hostHeader + path : path;
        StringBuilder head = new StringBuilder(256).append("POST ").append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(hostHeader).append("\r\n");
        for (int i = 0; i + 1 < fixedHeaders.length; i += 2) {
            head.append(fixedHeaders[i]).append(": ").append(fixedHeaders[i + 1]).append("\r\n");
        }
        this.fixedHead = ascii(head, "a fixed header");
    }

    /** Sets how long an idle connection is kept (tests). */
    void maxIdle(java.time.Duration idle) {
        maxIdleNanos = idle.toNanos();
    }

    /** An answer: its status, the {@code x-amzn-ErrorType} header (or null) and its body. */
    static final class Response {
        final int status;
        final String errorType;
        final byte[] body;

        Response(int status, String errorType, byte[] body) {
            this.status = status;
            this.errorType = errorType;
            this.body = body;
        }
    }

    /** Starts a request: the fixed head is in place, {@link #header} adds to it. */
    void begin() {
        System.arraycopy(fixedHead, 0, request, 0, fixedHead.length);
        requestLength = fixedHead.length;
    }

    /** Adds a header; its name and value must be printable ASCII (never checked against a secret's value in a message). */
    void header(String name, String value) {
        append(name);
        append(": ");
        append(value);
        appendBytes(CRLF);
    }

    /**
     * Sends the request begun with {@link #begin} with {@code length} bytes of {@code body}, and
     * reads the answer; throws {@link IOException} when none came.
     */
    Response post(byte[] body, int length) throws IOException {
        append("Content-Length: ");
        append(Integer.toString(length));
        appendBytes(CRLF);
        appendBytes(CRLF);
        if (length <= request.length - requestLength) {
            System.arraycopy(body, 0, request, requestLength, length);
            requestLength += length;
            this.body = null;
        } else {
            this.body = body; // too big to copy behind the head: written after it
        }
        bodyLength = length;
        if (socket != null && System.nanoTime() - lastUsedNanos > maxIdleNanos) {
            close();
        }
        boolean mayBeStale = socket != null && reused;
        try {
            return exchange();
        } catch (IOException e) {
            if (!mayBeStale || answerStarted || e instanceof SocketTimeoutException) {
                throw e;
            }
            // The server closed the idle connection: once more, on a new one.
            return exchange();
        } finally {
            this.body = null;
        }
    }

    private Response exchange() throws IOException {
        answerStarted = false;
        boolean ok = false;
        try {
            if (socket == null) {
                open();
            }
            out.write(request, 0, requestLength);
            if (body != null) {
                out.write(body, 0, bodyLength);
            }
            out.flush();
            Response response = readResponse();
            ok = true;
            return response;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    private Response readResponse() throws IOException {
        int headBudget = MAX_HEAD;
        while (true) {
            headBudget -= readLine(headBudget, "the answer's head");
            int status = statusOf(line, lineLength);
            boolean http10 = lineLength > 7 && line[7] == '0';
            long contentLength = -1;
            boolean chunked = false;
            boolean closeAfter = http10;
            String errorType = null;
            while (true) {
                headBudget -= readLine(headBudget, "the answer's head");
                if (lineLength == 0) {
                    break;
                }
                int colon = indexOf(line, lineLength, (byte) ':');
                if (colon <= 0) {
                    continue; // not a header: ignored, as lenient clients do
                }
                if (nameIs(CONTENT_LENGTH, colon)) {
                    contentLength = parseLength(colon + 1);
                } else if (nameIs(TRANSFER_ENCODING, colon)) {
                    chunked = containsIgnoreCase(colon + 1, "chunked");
                } else if (nameIs(CONNECTION, colon)) {
                    closeAfter |= containsIgnoreCase(colon + 1, "close");
                } else if (nameIs(ERROR_TYPE, colon)) {
                    errorType = value(colon + 1);
                }
            }
            if (status / 100 == 1) {
                if (status == 101) {
                    throw new IOException(where() + " switched protocols (HTTP 101) on a PutTraceSegments call");
                }
                continue; // 100 Continue and other interim answers: the real one follows
            }
            byte[] body;
            if (status == 204 || status == 304) {
                body = new byte[0];
            } else if (chunked) {
                body = readChunked(headBudget);
            } else if (contentLength >= 0) {
                body = readFixed(contentLength);
            } else {
                body = readToEnd();
                closeAfter = true;
            }
            reused = true;
            lastUsedNanos = System.nanoTime();
            if (closeAfter) {
                close();
            }
            if (status == 407 && proxy.type() == Proxy.Type.HTTP) {
                throw authenticationRequired();
            }
            return new Response(status, errorType, body);
        }
    }

    private int statusOf(byte[] text, int length) throws IOException {
        // "HTTP/1.1 200 OK": the version, a space, three digits
        if (length < 12 || text[0] != 'H' || text[1] != 'T' || text[2] != 'T' || text[3] != 'P' || text[4] != '/'
                || text[8] != ' ' || !digit(text[9]) || !digit(text[10]) || !digit(text[11])
                || (length > 12 && text[12] != ' ')) {
            throw new IOException(where() + " answered with something other than HTTP: \""
                    + printable(text, Math.min(length, 40)) + "\"");
        }
        return (text[9] - '0') * 100 + (text[10] - '0') * 10 + (text[11] - '0');
    }

    private byte[] readFixed(long length) throws IOException {
        if (length > MAX_BODY) {
            throw tooLong(length + " bytes");
        }
        byte[] body = new byte[(int) length];
        int at = 0;
        while (at < body.length) {
            if (inputAt == inputEnd && !fill()) {
                throw new EOFException(where() + " closed the connection " + at + " bytes into a body of " + length);
            }
            int n = Math.min(inputEnd - inputAt, body.length - at);
            System.arraycopy(input, inputAt, body, at, n);
            inputAt += n;
            at += n;
        }
        return body;
    }

    private byte[] readChunked(int trailerBudget) throws IOException {
        byte[] body = new byte[0];
        int length = 0;
        while (true) {
            trailerBudget -= readLine(trailerBudget, "a chunk's size line");
            long size = 0;
            int digits = 0;
            for (int i = 0; i < lineLength; i++) {
                int d = Character.digit(line[i], 16);
                if (d < 0) {
                    break; // a chunk extension, or the line's end
                }
                size = size * 16 + d;
                if (++digits > 8) {
                    throw tooLong("a chunk of more than 8 hex digits");
                }
            }
            if (digits == 0) {
                throw new IOException(where() + " sent a bad chunk size line");
            }
            if (size == 0) {
                break;
            }
            if (length + size > MAX_BODY) {
                throw tooLong("more than " + (length + size) + " bytes, chunked");
            }
            if (body.length < length + size) {
                body = java.util.Arrays.copyOf(body, (int) Math.max(length + size, Math.min(MAX_BODY, 2L * body.length)));
            }
            int end = length + (int) size;
            while (length < end) {
                if (inputAt == inputEnd && !fill()) {
                    throw new EOFException(where() + " closed the connection inside a chunk");
                }
                int n = Math.min(inputEnd - inputAt, end - length);
                System.arraycopy(input, inputAt, body, length, n);
                inputAt += n;
                length += n;
            }
            trailerBudget -= readLine(trailerBudget, "a chunk's end");
            if (lineLength != 0) {
                throw new IOException(where() + " sent a chunk longer than its size");
            }
        }
        do {
            trailerBudget -= readLine(trailerBudget, "the answer's trailers");
        } while (lineLength != 0);
        return length == body.length ? body : java.util.Arrays.copyOf(body, length);
    }

    private byte[] readToEnd() throws IOException {
        byte[] body = new byte[Math.max(256, inputEnd - inputAt)];
        int length = 0;
        while (inputAt < inputEnd || fill()) {
            int n = inputEnd - inputAt;
            if (length + n > MAX_BODY) {
                throw tooLong("more than " + MAX_BODY + " bytes, unframed");
            }
            if (length + n > body.length) {
                body = java.util.Arrays.copyOf(body, Math.min(MAX_BODY, Math.max(length + n, 2 * body.length)));
            }
            System.arraycopy(input, inputAt, body, length, n);
            inputAt = inputEnd;
            length += n;
        }
        return java.util.Arrays.copyOf(body, length);
    }

    /** Reads one line (without its CR LF) into {@link #line}; returns the bytes it took. */
    private int readLine(int budget, String what) throws IOException {
        lineLength = 0;
        int taken = 0;
        while (true) {
            if (inputAt == inputEnd && !fill()) {
                throw new EOFException(answerStarted ? where() + " closed the connection in " + what
                        : where() + " closed the connection without answering");
            }
            byte b = input[inputAt++];
            if (++taken > budget) {
                throw tooLong(what + " over " + MAX_HEAD + " bytes");
            }
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return taken;
            }
            if (lineLength == line.length) {
                line = java.util.Arrays.copyOf(line, 2 * line.length);
            }
            line[lineLength++] = b;
        }
    }

    /** Reads more of the answer; false at its end. */
    private boolean fill() throws IOException {
        int n = in.read(input, 0, input.length);
        if (n <= 0) {
            return false;
        }
        answerStarted = true;
        inputAt = 0;
        inputEnd = n;
        return true;
    }

    /** The proxy's answer, not X-Ray's: said as such, in one line. */
    private IOException authenticationRequired() {
        return new IOException("proxy " + proxyName + " asks for authentication (HTTP 407), which the exporter does"
                + " not support; let it pass calls to " + host + ":" + port + " without authentication");
    }

    private IOException tooLong(String what) {
        return new IOException(where() + " sent an answer too long to read (" + what + "); closed the connection");
    }

    private String where() {
        return host + ":" + port + (proxyName == null ? "" : " (through proxy " + proxyName + ")");
    }

    // --- connecting

    private void open() throws IOException {
        inputAt = 0;
        inputEnd = 0;
        reused = false;
        Socket raw = proxy.type() == Proxy.Type.SOCKS ? new Socket(proxy) : new Socket();
        try {
            raw.setTcpNoDelay(true);
            raw.setSoTimeout(readTimeoutMillis);
            if (proxy.type() == Proxy.Type.HTTP) {
                raw.connect(resolved((InetSocketAddress) proxy.address()), connectTimeoutMillis);
            } else if (proxy.type() == Proxy.Type.SOCKS) {
                raw.connect(InetSocketAddress.createUnresolved(host, port), connectTimeoutMillis);
            } else {
                raw.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            }
            Socket connected = raw;
            if (tls) {
                if (proxy.type() == Proxy.Type.HTTP) {
                    tunnel(raw);
                }
                connected = secure(raw);
            }
            socket = connected;
            answerStarted = false;
            in = connected.getInputStream();
            out = connected.getOutputStream();
        } catch (IOException | RuntimeException e) {
            closeQuietly(raw);
            throw e;
        }
    }

    /** {@code CONNECT host:port} through the HTTP proxy; the socket then carries the TLS session. */
    private void tunnel(Socket raw) throws IOException {
        String authority = host + ":" + port; // URI.getHost() keeps an IPv6 literal's brackets
        byte[] connect = ("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        OutputStream rawOut = raw.getOutputStream();
        rawOut.write(connect);
        rawOut.flush();
        in = raw.getInputStream();
        int budget = MAX_HEAD;
        budget -= readLine(budget, "the proxy's answer to CONNECT");
        int status = statusOf(line, lineLength);
        do {
            budget -= readLine(budget, "the proxy's answer to CONNECT");
        } while (lineLength != 0);
        if (status == 407) {
            throw authenticationRequired();
        }
        if (status / 100 != 2) {
            throw new IOException("proxy " + proxyName + " refused a tunnel to " + authority + " (HTTP " + status + ")");
        }
        if (inputAt != inputEnd) {
            throw new IOException("proxy " + proxyName + " sent data after accepting a tunnel to " + authority);
        }
    }

    private Socket secure(Socket raw) throws IOException {
        if (tlsFactory == null) {
            try {
                tlsFactory = SSLContext.getDefault().getSocketFactory();
            } catch (NoSuchAlgorithmException e) {
                throw new IOException("this JVM has no default TLS context (" + e.getMessage() + ")", e);
            }
        }
        SSLSocket secure = (SSLSocket) tlsFactory.createSocket(raw, host, port, true);
        SSLParameters parameters = secure.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isIpLiteral(host)) {
            parameters.setServerNames(Collections.singletonList(new SNIHostName(host)));
        }
        secure.setSSLParameters(parameters);
        secure.setSoTimeout(readTimeoutMillis);
        secure.startHandshake();
        return secure;
    }

    private static InetSocketAddress resolved(InetSocketAddress address) {
        return address.isUnresolved() ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
    }

    private static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Proxy proxy) {
        if (proxy.address() instanceof InetSocketAddress) {
            InetSocketAddress address = (InetSocketAddress) proxy.address();
            return address.getHostString() + ":" + address.getPort();
        }
        return String.valueOf(proxy.address());
    }

    @Override
    public void close() {
        Socket open = socket;
        socket = null;
        in = null;
        out = null;
        reused = false;
        inputAt = 0;
        inputEnd = 0;
        if (open != null) {
            closeQuietly(open);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    // --- bytes

    private void append(String text) {
        int n = text.length();
        ensure(n);
        byte[] out = request;
        int at = requestLength;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("a request header holds a character that is not printable ASCII"
                        + " (code " + (int) c + " at " + i + ")");
            }
            out[at++] = (byte) c;
        }
        requestLength = at;
    }

    private void appendBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, request, requestLength, bytes.length);
        requestLength += bytes.length;
    }

    private void ensure(int more) {
        if (requestLength + more > request.length) {
            request = java.util.Arrays.copyOf(request, Math.max(2 * request.length, requestLength + more));
        }
    }

    private static byte[] ascii(CharSequence text, String what) {
        byte[] bytes = new byte[text.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\r' && c != '\n') || c > 0x7E) {
                throw new IllegalArgumentException(what + " holds a character that is not printable ASCII (code "
                        + (int) c + ")");
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }

    private static byte[] lower(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    }

    private boolean nameIs(byte[] lowerName, int colon) {
        int end = colon;
        while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
            end--;
        }
        if (end != lowerName.length) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            byte b = line[i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    private long parseLength(int from) throws IOException {
        long value = 0;
        int digits = 0;
        for (int i = from; i < lineLength; i++) {
            byte b = line[i];
            if (digit(b)) {
                value = value * 10 + (b - '0');
                if (++digits > 12) {
                    throw tooLong("Content-Length of more than 12 digits");
                }
            } else if (b != ' ' && b != '\t') {
                throw new IOException(where() + " sent a bad Content-Length \"" + printable(line, lineLength) + "\"");
            }
        }
        if (digits == 0) {
            throw new IOException(where() + " sent an empty Content-Length");
        }
        return value;
    }

    private boolean containsIgnoreCase(int from, String token) {
        int n = token.length();
        for (int i = from; i + n <= lineLength; i++) {
            int j = 0;
            while (j < n && Character.toLowerCase((char) line[i + j]) == token.charAt(j)) {
                j++;
            }
            if (j == n) {
                return true;
            }
        }
        return false;
    }

    private String value(int from) {
        int start = from;
        int end = lineLength;
        while (start < end && (line[start] == ' ' || line[start] == '\t')) {
            start++;
        }
        while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
            end--;
        }
        return new String(line, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(byte[] bytes, int length, byte b) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static String printable(byte[] bytes, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = (char) (bytes[i] & 0xFF);
            text.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return text.toString();
    }
}
