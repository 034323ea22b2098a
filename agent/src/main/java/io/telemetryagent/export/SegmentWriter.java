package io.telemetryagent.export;

import io.telemetryagent.trace.AwsCall;
import io.telemetryagent.trace.Ids;
import io.telemetryagent.trace.Span;
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

    private final JsonBytes buffer;
    /** The spans the document being written carries ended: marked so once it is sent. */
    private final java.util.ArrayList<Span> writtenEnded = new java.util.ArrayList<>();
    private final String segmentName;
    /** The segment facts (service, aws, origin), the same in every segment: written once. */
    private final JsonBytes.Fragment segmentFacts;

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
        this(serviceName, serviceVersion, agentVersion, origin, maxBytes, false);
    }

    /**
     * @param embedded documents are handed over already escaped as the content of a JSON string
     *                 ({@link JsonBytes}), for {@link BatchBody#addEscaped}
     */
    SegmentWriter(String serviceName, String serviceVersion, String agentVersion, String origin, int maxBytes,
                  boolean embedded) {
        this(serviceName, serviceVersion, agentVersion, Platform.of(origin), maxBytes, embedded);
    }

    /**
     * @param platform where the JVM runs: {@code origin} and the {@code aws} block's platform
     *                 sections ({@link PlatformDetector})
     * @param maxBytes the largest document: X-Ray's 64 KB, less for the daemon's datagrams
     */
    SegmentWriter(String serviceName, String serviceVersion, String agentVersion, Platform platform, int maxBytes,
                  boolean embedded) {
        String name = sanitizeName(serviceName);
        this.segmentName = name.isEmpty() ? AGENT_SDK : name;
        this.buffer = new JsonBytes(maxBytes, embedded);
        JsonBytes facts = new JsonBytes(maxBytes, embedded);
        writeSegmentFacts(facts, serviceVersion, agentVersion, platform);
        this.segmentFacts = facts.fragment();
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

    /**
     * Where documents go: {@code length} bytes of UTF-8 JSON (escaped as a JSON string's content
     * when the writer is embedded), valid only during the call.
     */
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
        JsonBytes g = buffer;
        boolean segment = parentId == null;
        g.startObject();
        writeName(g, span, segment);
        g.stringField("id", span.id());
        if (segment) {
            g.stringField("trace_id", span.traceId());
            String upstream = span.upstreamParentId();
            if (upstream != null && Ids.isSegmentId(upstream)) {
                g.stringField("parent_id", upstream);
            }
        } else {
            g.stringField("type", "subsegment");
            g.stringField("trace_id", span.traceId());
            g.stringField("parent_id", parentId);
        }
        writeBody(g, span, segment);
        if (segment) {
            g.fragment(segmentFacts);
        }
        if (withChildren) {
            writeChildren(g, span);
        }
        g.endObject();
        if (buffer.overflowed()) {
            return false;
        }
        out.accept(buffer.bytes(), buffer.size());
        for (int i = 0; i < writtenEnded.size(); i++) {
            writtenEnded.get(i).markSentEnded();
        }
        return true;
    }

    private void writeChildren(JsonBytes g, Span span) {
        List<Span> children = span.children();
        if (children.isEmpty()) {
            return;
        }
        boolean started = false;
        // By index: children() is an ArrayList or List.of(), and an iterator was a third of what
        // the exporter allocated per document.
        for (int i = 0; i < children.size(); i++) {
            Span child = children.get(i);
            if (child.sentEnded()) {
                continue; // already sent, ended, in a document of its own
            }
            if (!started) {
                g.arrayField("subsegments");
                started = true;
            }
            g.startObject();
            writeName(g, child, false);
            g.stringField("id", child.id());
            writeBody(g, child, false);
            writeChildren(g, child);
            g.endObject();
            if (buffer.overflowed()) {
                break; // the document is lost anyway; stop spending time on it
            }
        }
        if (started) {
            g.endArray();
        }
    }

    /** Everything a segment and a subsegment share, after name and ids. */
    private void writeBody(JsonBytes g, Span span, boolean segment) {
        g.secondsField("start_time", span.startEpochMicros());
        // Read once: a child may still be ending on its own thread while it is written.
        boolean ended = span.ended();
        if (ended) {
            writtenEnded.add(span);
        }
        long end = span.endEpochMicros();
        if (ended && end >= span.startEpochMicros()) {
            g.secondsField("end_time", end);
        } else {
            g.trueField("in_progress");
        }
        boolean aws = span.kind() == Span.Kind.AWS;
        boolean backend = aws || span.kind() == Span.Kind.BACKEND;
        if (backend && !segment) {
            g.stringField("namespace", aws ? "aws" : "remote");
        }
        writeHttp(g, span, backend);
        AwsCall call = span.aws();
        if (call != null && !segment) {
            AwsFields.write(g, call);
        }

        int status = span.status();
        Throwable cause = span.cause();
        boolean error = status >= 400 && status < 500;
        boolean fault = status >= 500 || (cause != null && !error);
        if (error) {
            g.trueField("error");
        }
        if (status == 429 || (call != null && call.throttled())) {
            g.trueField("throttle");
        }
        if (fault) {
            g.trueField("fault");
        }
        if (cause != null) {
            Span holder = holderOf(span, cause);
            if (holder != span) {
                // Recorded in full where it was thrown; X-Ray lets a cause be that exception's id.
                g.stringField("cause", holder.id());
            } else {
                writeCause(g, cause, span.remoteCause(), span.id());
            }
        }
        String route = span.route();
        if (route != null && !route.isEmpty()) {
            g.objectField("annotations");
            g.stringField("route", truncate(route, MAX_ANNOTATION));
            g.endObject();
        }
    }

    private void writeHttp(JsonBytes g, Span span, boolean backend) {
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
        g.objectField("http");
        if (request) {
            g.objectField("request");
            writeBounded(g, "method", method);
            writeBounded(g, "url", url);
            writeBounded(g, "client_ip", clientIp);
            if (clientIp != null && span.xForwardedFor()) {
                g.trueField("x_forwarded_for");
            }
            writeBounded(g, "user_agent", userAgent);
            if (traced) {
                g.trueField("traced");
            }
            g.endObject();
        }
        if (response) {
            g.objectField("response");
            if (status > 0) {
                g.numberField("status", status);
            }
            if (contentLength >= 0) {
                g.numberField("content_length", contentLength);
            }
            g.endObject();
        }
        g.endObject();
    }

    /**
     * The innermost span under {@code span} (or {@code span} itself) whose cause is this very
     * throwable: an exception escaping a pipe and then its segment is written once, on the pipe,
     * and the segment's cause names it by id. The exception's id is its span's id (a span records
     * one cause), so the reference holds when the two go in different documents.
     */
    private static Span holderOf(Span span, Throwable cause) {
        List<Span> children = span.children();
        for (int i = 0; i < children.size(); i++) {
            Span holder = holderOf(children.get(i), cause);
            if (holder.cause() == cause && holder.id() != null) {
                return holder;
            }
        }
        return span;
    }

    private void writeCause(JsonBytes g, Throwable cause, boolean remote, String exceptionId) {
        g.objectField("cause");
        g.arrayField("exceptions");
        g.startObject();
        g.stringField("id", exceptionId);
        g.stringField("type", truncate(cause.getClass().getName(), MAX_FRAME_TEXT));
        String message = safeMessage(cause);
        if (message != null) {
            g.stringField("message", truncate(message, MAX_MESSAGE));
        }
        if (remote) {
            g.trueField("remote");
        }
        StackTraceElement[] frames = cause.getStackTrace();
        int written = Math.min(frames.length, MAX_FRAMES);
        if (written > 0) {
            g.arrayField("stack");
            for (int i = 0; i < written; i++) {
                StackTraceElement frame = frames[i];
                g.startObject();
                if (frame.getFileName() != null) {
                    g.stringField("path", truncate(frame.getFileName(), MAX_FRAME_TEXT));
                }
                if (frame.getLineNumber() >= 0) {
                    g.numberField("line", frame.getLineNumber());
                }
                g.stringField("label",
                        truncate(frame.getClassName() + '.' + frame.getMethodName(), MAX_FRAME_TEXT));
                g.endObject();
            }
            g.endArray();
        }
        if (frames.length > written) {
            g.numberField("truncated", frames.length - written);
        }
        g.endObject();
        g.endArray();
        g.endObject();
    }

    /** The facts only the segment carries: the service, the agent, the platform. */
    private static void writeSegmentFacts(JsonBytes g, String serviceVersion, String agentVersion, Platform platform) {
        if (serviceVersion != null) {
            g.objectField("service");
            g.stringField("version", serviceVersion);
            g.endObject();
        }
        g.objectField("aws");
        g.objectField("xray");
        g.stringField("sdk", AGENT_SDK);
        if (agentVersion != null) {
            g.stringField("sdk_version", agentVersion);
        }
        g.trueField("auto_instrumentation");
        g.endObject();
        writePlatform(g, platform);
        g.endObject();
        if (platform.origin() != null) {
            g.stringField("origin", platform.origin());
        }
    }

    /** The platform's sections of the {@code aws} block: {@code ec2}, {@code ecs}, {@code eks}, ... */
    private static void writePlatform(JsonBytes g, Platform platform) {
        for (Platform.Section section : platform.sections()) {
            g.objectField(section.name);
            for (int i = 0; i < section.size(); i++) {
                Object value = section.value(i);
                if (value instanceof Long) {
                    g.numberField(section.field(i), (Long) value);
                } else {
                    g.stringField(section.field(i), truncate(String.valueOf(value), MAX_HTTP_FIELD));
                }
            }
            g.endObject();
        }
    }

    private void writeName(JsonBytes g, Span span, boolean segment) {
        String name = sanitizeName(span.name());
        if (name.isEmpty()) {
            name = segment ? segmentName : span.kind().name().toLowerCase(java.util.Locale.ROOT);
        }
        g.stringField("name", name);
    }


    private static void writeBounded(JsonBytes g, String field, String value) {
        if (value != null) {
            g.stringField(field, truncate(value, MAX_HTTP_FIELD));
        }
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

    /** The ASCII characters X-Ray's names allow. */
    private static final boolean[] NAME_ASCII = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            NAME_ASCII[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "_.:/%&#=+\\-@ ".indexOf(c) >= 0;
        }
    }

    /** Surrogates are dropped: the schema's pattern knows only the Basic Multilingual Plane. */
    private static boolean isNameChar(char c) {
        if (c < 0x80) {
            return NAME_ASCII[c];
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
}
