package io.telemetryagent.export;

import software.amazon.awssdk.thirdparty.jackson.core.JsonEncoding;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonGenerator;
import io.telemetryagent.trace.Ids;
import io.telemetryagent.trace.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns a finished root span into X-Ray segment documents (SPEC §3). A segment whose document
 * would pass X-Ray's 64 KB limit is sent without its subsegments, each of which then becomes a
 * document of its own ({@code type: "subsegment"}), split again where one alone is too big.
 * Not thread-safe: it reuses its buffers, and runs on the exporter's thread only.
 */
public final class SegmentWriter {

    /** X-Ray's limit for one document, in UTF-8 bytes. */
    public static final int MAX_DOCUMENT_BYTES = 64 * 1024;

    static final int MAX_NAME = 200;
    /** The schema's limit for http.request fields. */
    static final int MAX_HTTP_FIELD = 250;
    static final int MAX_ANNOTATION = 1000;
    static final int MAX_FRAMES = 50;
    // Bounds on what a throwable contributes, so that one span alone always fits a document.
    static final int MAX_MESSAGE = 1000;
    static final int MAX_FRAME_TEXT = 250;

    private static final String AGENT_SDK = "telemetry-agent";

    private final JsonFactory json = new JsonFactory();
    private final DocumentBuffer buffer;
    private final char[] number = new char[32];
    /** The spans the document being written carries ended: marked so once it is sent. */
    private final java.util.ArrayList<Span> writtenEnded = new java.util.ArrayList<>();
    private final String segmentName;
    private final String serviceVersion;
    private final String agentVersion;
    private final String origin;

    /**
     * @param serviceName    the segment name when a root span's own name sanitises to nothing
     * @param serviceVersion written as {@code service.version}
     * @param agentVersion   written as {@code aws.xray.sdk_version}
     * @param origin         the X-Ray {@code origin} (see {@link Origin}), or null when unknown
     */
    public SegmentWriter(String serviceName, String serviceVersion, String agentVersion, String origin) {
        this(serviceName, serviceVersion, agentVersion, origin, MAX_DOCUMENT_BYTES);
    }

    SegmentWriter(String serviceName, String serviceVersion, String agentVersion, String origin, int maxBytes) {
        String name = sanitizeName(serviceName);
        this.segmentName = name.isEmpty() ? AGENT_SDK : name;
        this.serviceVersion = serviceVersion;
        this.agentVersion = agentVersion;
        this.origin = origin;
        this.buffer = new DocumentBuffer(maxBytes);
    }

    /**
     * Writes {@code root} and hands each document to {@code out}, the segment first. Writes
     * nothing for an unsampled or unrecorded span. A span that is not a root is written as an
     * independent subsegment of its parent.
     *
     * @return how many spans could not be written because even alone they pass the limit
     *         (not expected: every field of a span is bounded)
     */
    public int write(Span root, Consumer<String> out) {
        return writeUtf8(root, (utf8, length) -> out.accept(new String(utf8, 0, length, StandardCharsets.UTF_8)));
    }

    /** Where documents go: {@code length} bytes of UTF-8 JSON, valid only during the call. */
    public interface Documents {
        void accept(byte[] utf8, int length);
    }

    /** As {@link #write(Span, Consumer)}, handing each document over as UTF-8 bytes, uncopied. */
    public int writeUtf8(Span root, Documents out) {
        if (root == null || !root.sampled() || !root.recorded()) {
            return 0;
        }
        // A subsegment that ended after its segment was sent goes as a document of its own,
        // replacing the in-progress copy the segment carried; unless a document already carried
        // it ended (it ended as its segment was being sent): X-Ray needs it once.
        if (!root.isRoot() && root.sentEnded()) {
            return 0;
        }
        return writeSplit(root, root.isRoot() ? null : root.parent().id(), out);
    }

    /** Writes {@code span} whole if it fits, else alone and then each child the same way. */
    private int writeSplit(Span span, String parentId, Documents out) {
        if (parentId != null && span.sentEnded()) {
            return 0;
        }
        if (tryWrite(span, parentId, true, out)) {
            return 0;
        }
        int lost = tryWrite(span, parentId, false, out) ? 0 : 1;
        for (Span child : span.children()) {
            lost += writeSplit(child, span.id(), out);
        }
        return lost;
    }

    /**
     * Writes one document: the segment when {@code parentId} is null, else an independent
     * subsegment of {@code parentId}. Returns false, writing nothing, when it is too big.
     */
    private boolean tryWrite(Span span, String parentId, boolean withChildren, Documents out) {
        buffer.reset();
        writtenEnded.clear();
        try (JsonGenerator g = json.createGenerator(buffer, JsonEncoding.UTF8)) {
            boolean segment = parentId == null;
            g.writeStartObject();
            writeName(g, span, segment);
            g.writeStringField("id", span.id());
            if (segment) {
                g.writeStringField("trace_id", span.traceId());
                String upstream = span.upstreamParentId();
                if (upstream != null && Ids.isSegmentId(upstream)) {
                    g.writeStringField("parent_id", upstream);
                }
            } else {
                g.writeStringField("type", "subsegment");
                g.writeStringField("trace_id", span.traceId());
                g.writeStringField("parent_id", parentId);
            }
            writeBody(g, span, segment);
            if (segment) {
                writeSegmentFacts(g);
            }
            if (withChildren) {
                writeChildren(g, span);
            }
            g.writeEndObject();
        } catch (IOException e) {
            // An in-memory buffer never fails; treat it as unwritable all the same.
            return false;
        }
        if (buffer.overflowed()) {
            return false;
        }
        out.accept(buffer.bytes(), buffer.size());
        for (int i = 0; i < writtenEnded.size(); i++) {
            writtenEnded.get(i).markSentEnded();
        }
        return true;
    }

    private void writeChildren(JsonGenerator g, Span span) throws IOException {
        List<Span> children = span.children();
        if (children.isEmpty()) {
            return;
        }
        boolean started = false;
        for (Span child : children) {
            if (child.sentEnded()) {
                continue; // already sent, ended, in a document of its own
            }
            if (!started) {
                g.writeArrayFieldStart("subsegments");
                started = true;
            }
            g.writeStartObject();
            writeName(g, child, false);
            g.writeStringField("id", child.id());
            writeBody(g, child, false);
            writeChildren(g, child);
            g.writeEndObject();
            if (buffer.overflowed()) {
                break; // the document is lost anyway; stop spending time on it
            }
        }
        if (started) {
            g.writeEndArray();
        }
    }

    /** Everything a segment and a subsegment share, after name and ids. */
    private void writeBody(JsonGenerator g, Span span, boolean segment) throws IOException {
        writeTime(g, "start_time", span.startEpochMicros());
        // Read once: a child may still be ending on its own thread while it is written.
        boolean ended = span.ended();
        if (ended) {
            writtenEnded.add(span);
        }
        long end = span.endEpochMicros();
        if (ended && end >= span.startEpochMicros()) {
            writeTime(g, "end_time", end);
        } else {
            g.writeBooleanField("in_progress", true);
        }
        boolean backend = span.kind() == Span.Kind.BACKEND;
        if (backend && !segment) {
            g.writeStringField("namespace", "remote");
        }
        writeHttp(g, span, backend);

        int status = span.status();
        Throwable cause = span.cause();
        boolean error = status >= 400 && status < 500;
        boolean fault = status >= 500 || (cause != null && !error);
        if (error) {
            g.writeBooleanField("error", true);
        }
        if (status == 429) {
            g.writeBooleanField("throttle", true);
        }
        if (fault) {
            g.writeBooleanField("fault", true);
        }
        if (cause != null) {
            writeCause(g, cause, span.remoteCause());
        }
        String route = span.route();
        if (route != null && !route.isEmpty()) {
            g.writeObjectFieldStart("annotations");
            g.writeStringField("route", truncate(route, MAX_ANNOTATION));
            g.writeEndObject();
        }
    }

    private void writeHttp(JsonGenerator g, Span span, boolean backend) throws IOException {
        String method = span.httpMethod();
        String url = span.httpUrl();
        String clientIp = span.clientIp();
        String userAgent = span.userAgent();
        boolean traced = backend && span.traced();
        int status = span.status();
        long contentLength = span.contentLength();
        boolean request = method != null || url != null || clientIp != null || userAgent != null || traced;
        boolean response = status > 0 || contentLength >= 0;
        if (!request && !response) {
            return;
        }
        g.writeObjectFieldStart("http");
        if (request) {
            g.writeObjectFieldStart("request");
            writeBounded(g, "method", method);
            writeBounded(g, "url", url);
            writeBounded(g, "client_ip", clientIp);
            if (clientIp != null && span.xForwardedFor()) {
                g.writeBooleanField("x_forwarded_for", true);
            }
            writeBounded(g, "user_agent", userAgent);
            if (traced) {
                g.writeBooleanField("traced", true);
            }
            g.writeEndObject();
        }
        if (response) {
            g.writeObjectFieldStart("response");
            if (status > 0) {
                g.writeNumberField("status", status);
            }
            if (contentLength >= 0) {
                g.writeNumberField("content_length", contentLength);
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private void writeCause(JsonGenerator g, Throwable cause, boolean remote) throws IOException {
        g.writeObjectFieldStart("cause");
        g.writeArrayFieldStart("exceptions");
        g.writeStartObject();
        g.writeStringField("id", Ids.newSegmentId());
        g.writeStringField("type", truncate(cause.getClass().getName(), MAX_FRAME_TEXT));
        String message = safeMessage(cause);
        if (message != null) {
            g.writeStringField("message", truncate(message, MAX_MESSAGE));
        }
        if (remote) {
            g.writeBooleanField("remote", true);
        }
        StackTraceElement[] frames = cause.getStackTrace();
        int written = Math.min(frames.length, MAX_FRAMES);
        if (written > 0) {
            g.writeArrayFieldStart("stack");
            for (int i = 0; i < written; i++) {
                StackTraceElement frame = frames[i];
                g.writeStartObject();
                if (frame.getFileName() != null) {
                    g.writeStringField("path", truncate(frame.getFileName(), MAX_FRAME_TEXT));
                }
                if (frame.getLineNumber() >= 0) {
                    g.writeNumberField("line", frame.getLineNumber());
                }
                g.writeStringField("label",
                        truncate(frame.getClassName() + '.' + frame.getMethodName(), MAX_FRAME_TEXT));
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (frames.length > written) {
            g.writeNumberField("truncated", frames.length - written);
        }
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The facts only the segment carries: the service, the agent, the platform. */
    private void writeSegmentFacts(JsonGenerator g) throws IOException {
        if (serviceVersion != null) {
            g.writeObjectFieldStart("service");
            g.writeStringField("version", serviceVersion);
            g.writeEndObject();
        }
        g.writeObjectFieldStart("aws");
        g.writeObjectFieldStart("xray");
        g.writeStringField("sdk", AGENT_SDK);
        if (agentVersion != null) {
            g.writeStringField("sdk_version", agentVersion);
        }
        g.writeBooleanField("auto_instrumentation", true);
        g.writeEndObject();
        g.writeEndObject();
        if (origin != null) {
            g.writeStringField("origin", origin);
        }
    }

    private void writeName(JsonGenerator g, Span span, boolean segment) throws IOException {
        String name = sanitizeName(span.name());
        if (name.isEmpty()) {
            name = segment ? segmentName : span.kind().name().toLowerCase(java.util.Locale.ROOT);
        }
        g.writeStringField("name", name);
    }

    /** Epoch seconds with exactly six decimals, written as digits: no double rounding. */
    private void writeTime(JsonGenerator g, String field, long epochMicros) throws IOException {
        g.writeFieldName(field);
        int length = formatSeconds(epochMicros, number);
        g.writeNumber(number, 0, length);
    }

    private static void writeBounded(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, truncate(value, MAX_HTTP_FIELD));
        }
    }

    /** Formats micros as {@code seconds.micros} into {@code out}; returns the length. */
    static int formatSeconds(long epochMicros, char[] out) {
        long micros = Math.max(0, epochMicros);
        long seconds = micros / 1_000_000L;
        int fraction = (int) (micros % 1_000_000L);
        int pos = 0;
        String whole = Long.toString(seconds);
        for (int i = 0; i < whole.length(); i++) {
            out[pos++] = whole.charAt(i);
        }
        out[pos++] = '.';
        for (int divisor = 100_000; divisor > 0; divisor /= 10) {
            out[pos++] = (char) ('0' + (fraction / divisor) % 10);
        }
        return pos;
    }

    /**
     * Keeps X-Ray's name characters (Unicode letters, digits and spaces, and
     * {@code _ . : / % & # = + \ - @}) and at most 200 of them; returns "" when none is left.
     */
    static String sanitizeName(String raw) {
        if (raw == null) {
            return "";
        }
        int length = raw.length();
        boolean clean = length <= MAX_NAME;
        for (int i = 0; clean && i < length; i++) {
            clean = isNameChar(raw.charAt(i));
        }
        if (clean) {
            return raw;
        }
        StringBuilder kept = new StringBuilder(Math.min(length, MAX_NAME));
        for (int i = 0; i < length && kept.length() < MAX_NAME; i++) {
            char c = raw.charAt(i);
            if (isNameChar(c)) {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    /** Surrogates are dropped: the schema's pattern knows only the Basic Multilingual Plane. */
    private static boolean isNameChar(char c) {
        if (c < 0x80) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "_.:/%&#=+\\-@ ".indexOf(c) >= 0;
        }
        if (Character.isSurrogate(c)) {
            return false;
        }
        switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER:
            case Character.LOWERCASE_LETTER:
            case Character.TITLECASE_LETTER:
            case Character.MODIFIER_LETTER:
            case Character.OTHER_LETTER:
            case Character.DECIMAL_DIGIT_NUMBER:
            case Character.LETTER_NUMBER:
            case Character.OTHER_NUMBER:
            case Character.SPACE_SEPARATOR:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return true;
            default:
                return false;
        }
    }

    /** Cuts {@code value} to {@code max} chars, never between the two halves of a surrogate pair. */
    static String truncate(String value, int max) {
        if (value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }

    private static String safeMessage(Throwable cause) {
        try {
            return cause.getMessage();
        } catch (RuntimeException e) {
            return null; // an application's getMessage() that throws costs only the message
        }
    }

    /**
     * A reusable UTF-8 buffer that stops storing past {@code limit} bytes and remembers it did,
     * so a huge segment costs CPU to detect, never memory.
     */
    static final class DocumentBuffer extends ByteArrayOutputStream {
        private final int limit;
        private boolean overflowed;

        DocumentBuffer(int limit) {
            super(Math.min(limit, 8 * 1024));
            this.limit = limit;
        }

        @Override
        public void write(int b) {
            if (count + 1 > limit) {
                overflowed = true;
            } else {
                super.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (count + len > limit) {
                overflowed = true;
            } else {
                super.write(b, off, len);
            }
        }

        @Override
        public void reset() {
            super.reset();
            overflowed = false;
        }

        boolean overflowed() {
            return overflowed;
        }

        /** The buffer itself: {@link #size()} bytes of it are the document. */
        byte[] bytes() {
            return buf;
        }
    }
}
