package io.telemetryagent.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.telemetryagent.trace.AwsCall;
import io.telemetryagent.trace.Ids;
import io.telemetryagent.trace.Span;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Turns a finished root span into X-Ray segment documents (SPEC §3), written with Jackson's
 * streaming {@link JsonGenerator}. A segment whose document would pass X-Ray's 64 KB limit is sent
 * without its subsegments, each of which then becomes a document of its own
 * ({@code type: "subsegment"}), split again where one alone is too big. Not thread-safe: it reuses
 * its buffers, and runs on the exporter's thread only.
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

    /**
     * Shared and thread-safe. Surrogate pairs as 4-byte UTF-8 rather than two escapes: the
     * documents stay as small as the text.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    // Field names, quoted and encoded once.
    private static final SerializableString NAME = name("name"), ID = name("id"), TYPE = name("type"),
            TRACE_ID = name("trace_id"), PARENT_ID = name("parent_id"), START_TIME = name("start_time"),
            END_TIME = name("end_time"), IN_PROGRESS = name("in_progress"), NAMESPACE = name("namespace"),
            SUBSEGMENTS = name("subsegments"), ERROR = name("error"), THROTTLE = name("throttle"),
            FAULT = name("fault"), ANNOTATIONS = name("annotations"), ROUTE = name("route"), HTTP = name("http"),
            REQUEST = name("request"), RESPONSE = name("response"), METHOD = name("method"), URL = name("url"),
            CLIENT_IP = name("client_ip"), X_FORWARDED_FOR = name("x_forwarded_for"), USER_AGENT = name("user_agent"),
            TRACED = name("traced"), STATUS = name("status"), CONTENT_LENGTH = name("content_length"),
            CAUSE = name("cause"), EXCEPTIONS = name("exceptions"), MESSAGE = name("message"), REMOTE = name("remote"),
            STACK = name("stack"), PATH = name("path"), LINE = name("line"), LABEL = name("label"),
            TRUNCATED = name("truncated"), SERVICE = name("service"), VERSION = name("version"), AWS = name("aws"),
            XRAY = name("xray"), SDK = name("sdk"), SDK_VERSION = name("sdk_version"),
            AUTO_INSTRUMENTATION = name("auto_instrumentation"), ORIGIN = name("origin");

    private static SerializableString name(String field) {
        return new SerializedString(field);
    }

    private final Document document;
    /**
     * Writes every document into {@link #document}, one root value after another, flushed at
     * the end of each: creating a generator per document cost as much as writing a small one.
     */
    private JsonGenerator generator;
    /** The spans the document being written carries ended: marked so once it is sent. */
    private final ArrayList<Span> writtenEnded = new ArrayList<>();
    private final String segmentName;
    private final String serviceVersion;
    private final String agentVersion;
    private final Platform platform;
    /** {@code seconds.micros} of a time, built here so that writing one allocates nothing. */
    private final char[] seconds = new char[27];
    /** A stack frame's label, built here. */
    private final char[] label = new char[MAX_FRAME_TEXT];
    /** The last whole second written, and its digits: a document's times share it. */
    private long lastSecond = -1;
    private int lastSecondLength;

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
        this(serviceName, serviceVersion, agentVersion, Platform.of(origin), maxBytes);
    }

    /**
     * @param platform where the JVM runs: {@code origin} and the {@code aws} block's platform
     *                 sections ({@link PlatformDetector})
     * @param maxBytes the largest document: X-Ray's 64 KB, less for the daemon's datagrams
     */
    SegmentWriter(String serviceName, String serviceVersion, String agentVersion, Platform platform, int maxBytes) {
        String name = sanitizeName(serviceName);
        this.segmentName = name.isEmpty() ? AGENT_SDK : name;
        this.serviceVersion = serviceVersion == null ? null : clean(serviceVersion);
        this.agentVersion = agentVersion == null ? null : clean(agentVersion);
        this.platform = platform;
        this.document = new Document(maxBytes);
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
    private int writeSplit(Span span, String parentId, Consumer<String> out) {
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
    private boolean tryWrite(Span span, String parentId, boolean withChildren, Consumer<String> out) {
        document.reset();
        writtenEnded.clear();
        boolean segment = parentId == null;
        try {
            if (generator == null) {
                generator = JSON.createGenerator(document);
                generator.setRootValueSeparator(null); // nothing between one document and the next
            }
            JsonGenerator g = generator;
            g.writeStartObject();
            writeName(g, span, segment);
            g.writeFieldName(ID);
            g.writeString(span.id());
            if (segment) {
                g.writeFieldName(TRACE_ID);
                g.writeString(span.traceId());
                String upstream = span.upstreamParentId();
                if (upstream != null && Ids.isSegmentId(upstream)) {
                    g.writeFieldName(PARENT_ID);
                    g.writeString(upstream);
                }
            } else {
                g.writeFieldName(TYPE);
                g.writeString("subsegment");
                g.writeFieldName(TRACE_ID);
                g.writeString(span.traceId());
                g.writeFieldName(PARENT_ID);
                g.writeString(parentId);
            }
            writeBody(g, span, segment);
            if (segment) {
                writeSegmentFacts(g);
            }
            if (withChildren) {
                writeChildren(g, span);
            }
            g.writeEndObject();
            g.flush();
        } catch (IOException | RuntimeException e) {
            generator = null; // its state is unknown now; not expected: the document goes to memory
            return false;
        }
        if (document.overflowed()) {
            return false;
        }
        out.accept(new String(document.bytes, 0, document.count, StandardCharsets.UTF_8));
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
        // By index: children() is an ArrayList or List.of(), and an iterator was a third of what
        // the exporter allocated per document.
        for (int i = 0; i < children.size(); i++) {
            Span child = children.get(i);
            if (child.sentEnded()) {
                continue; // already sent, ended, in a document of its own
            }
            if (!started) {
                g.writeFieldName(SUBSEGMENTS);
                g.writeStartArray();
                started = true;
            }
            g.writeStartObject();
            writeName(g, child, false);
            g.writeFieldName(ID);
            g.writeString(child.id());
            writeBody(g, child, false);
            writeChildren(g, child);
            g.writeEndObject();
            if (document.count + g.getOutputBuffered() > document.limit) {
                document.overflowed = true;
                break; // the document is lost anyway; stop spending time on it
            }
        }
        if (started) {
            g.writeEndArray();
        }
    }

    /** Everything a segment and a subsegment share, after name and ids. */
    private void writeBody(JsonGenerator g, Span span, boolean segment) throws IOException {
        writeSeconds(g, START_TIME, span.startEpochMicros());
        // Read once: a child may still be ending on its own thread while it is written.
        boolean ended = span.ended();
        if (ended) {
            writtenEnded.add(span);
        }
        long end = span.endEpochMicros();
        if (ended && end >= span.startEpochMicros()) {
            writeSeconds(g, END_TIME, end);
        } else {
            writeTrue(g, IN_PROGRESS);
        }
        boolean aws = span.kind() == Span.Kind.AWS;
        boolean backend = aws || span.kind() == Span.Kind.BACKEND;
        if (backend && !segment) {
            g.writeFieldName(NAMESPACE);
            g.writeString(aws ? "aws" : "remote");
        }
        writeHttp(g, span, backend);
        AwsCall call = span.aws();
        if (call != null && !segment) {
            AwsFields.write(g, call);
        }
        writeSql(g, span);

        int status = span.status();
        Throwable cause = span.cause();
        boolean error = status >= 400 && status < 500;
        boolean fault = status >= 500 || (cause != null && !error);
        if (error) {
            writeTrue(g, ERROR);
        }
        if (status == 429 || (call != null && call.throttled())) {
            writeTrue(g, THROTTLE);
        }
        if (fault) {
            writeTrue(g, FAULT);
        }
        if (cause != null) {
            Span holder = holderOf(span, cause);
            if (holder != span) {
                // Recorded in full where it was thrown; X-Ray lets a cause be that exception's id.
                g.writeFieldName(CAUSE);
                g.writeString(holder.id());
            } else {
                writeCause(g, cause, span.remoteCause(), span.id());
            }
        }
        String route = span.route();
        if (route != null && !route.isEmpty()) {
            g.writeFieldName(ANNOTATIONS);
            g.writeStartObject();
            g.writeFieldName(ROUTE);
            g.writeString(bounded(route, MAX_ANNOTATION));
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
        g.writeFieldName(HTTP);
        g.writeStartObject();
        if (request) {
            g.writeFieldName(REQUEST);
            g.writeStartObject();
            writeBounded(g, METHOD, method);
            writeBounded(g, URL, url);
            writeBounded(g, CLIENT_IP, clientIp);
            if (clientIp != null && span.xForwardedFor()) {
                writeTrue(g, X_FORWARDED_FOR);
            }
            writeBounded(g, USER_AGENT, userAgent);
            if (traced) {
                writeTrue(g, TRACED);
            }
            g.writeEndObject();
        }
        if (response) {
            g.writeFieldName(RESPONSE);
            g.writeStartObject();
            if (status > 0) {
                g.writeFieldName(STATUS);
                g.writeNumber(status);
            }
            if (contentLength >= 0) {
                g.writeFieldName(CONTENT_LENGTH);
                g.writeNumber(contentLength);
            }
            g.writeEndObject();
        }
        g.writeEndObject();
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

    private static final SerializableString SQL = name("sql"), DATABASE_TYPE = name("database_type"),
            DATABASE_VERSION = name("database_version"), DRIVER_VERSION = name("driver_version"), USER = name("user"),
            PREPARATION = name("preparation"), SANITIZED_QUERY = name("sanitized_query");

    /** A JDBC statement's {@code sql} block; its fields are bounded like http.request's, the query at 1000. */
    private static void writeSql(JsonGenerator g, Span span) throws IOException {
        io.telemetryagent.trace.SqlFacts sql = span.sql();
        if (sql == null) {
            return;
        }
        g.writeFieldName(SQL);
        g.writeStartObject();
        writeBounded(g, URL, sql.url());
        writeBounded(g, DATABASE_TYPE, sql.databaseType());
        writeBounded(g, DATABASE_VERSION, sql.databaseVersion());
        writeBounded(g, DRIVER_VERSION, sql.driverVersion());
        writeBounded(g, USER, sql.user());
        writeBounded(g, PREPARATION, span.sqlPreparation());
        String query = span.sqlQuery();
        if (query != null) {
            g.writeFieldName(SANITIZED_QUERY);
            g.writeString(bounded(query, MAX_ANNOTATION));
        }
        g.writeEndObject();
    }

    private void writeCause(JsonGenerator g, Throwable cause, boolean remote, String exceptionId) throws IOException {
        g.writeFieldName(CAUSE);
        g.writeStartObject();
        g.writeFieldName(EXCEPTIONS);
        g.writeStartArray();
        g.writeStartObject();
        g.writeFieldName(ID);
        g.writeString(exceptionId);
        g.writeFieldName(TYPE);
        g.writeString(bounded(cause.getClass().getName(), MAX_FRAME_TEXT));
        String message = safeMessage(cause);
        if (message != null) {
            g.writeFieldName(MESSAGE);
            g.writeString(bounded(message, MAX_MESSAGE));
        }
        if (remote) {
            writeTrue(g, REMOTE);
        }
        StackTraceElement[] frames = cause.getStackTrace();
        int written = Math.min(frames.length, MAX_FRAMES);
        if (written > 0) {
            g.writeFieldName(STACK);
            g.writeStartArray();
            for (int i = 0; i < written; i++) {
                StackTraceElement frame = frames[i];
                g.writeStartObject();
                if (frame.getFileName() != null) {
                    g.writeFieldName(PATH);
                    g.writeString(bounded(frame.getFileName(), MAX_FRAME_TEXT));
                }
                if (frame.getLineNumber() >= 0) {
                    g.writeFieldName(LINE);
                    g.writeNumber(frame.getLineNumber());
                }
                g.writeFieldName(LABEL);
                writeLabel(g, frame.getClassName(), frame.getMethodName());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (frames.length > written) {
            g.writeFieldName(TRUNCATED);
            g.writeNumber(frames.length - written);
        }
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * {@code class.method}, cut at {@link #MAX_FRAME_TEXT}, built in a reused buffer: the
     * concatenation allocated about 250 bytes a frame, half of what an error's document cost.
     */
    private void writeLabel(JsonGenerator g, String className, String methodName) throws IOException {
        char[] out = label;
        int length = append(out, 0, className);
        if (length < MAX_FRAME_TEXT) {
            out[length++] = '.';
        }
        length = append(out, length, methodName);
        if (length == MAX_FRAME_TEXT && Character.isHighSurrogate(out[length - 1])) {
            length--; // never cut between the two halves of a pair
        }
        for (int i = 0; i < length; i++) {
            char c = out[i];
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(out[i + 1])) {
                    i++;
                } else {
                    out[i] = '\uFFFD';
                }
            }
        }
        g.writeString(out, 0, length);
    }

    /** {@code text} into {@code out} from {@code at}, as much as fits {@link #MAX_FRAME_TEXT}. */
    private static int append(char[] out, int at, String text) {
        int n = Math.min(text.length(), MAX_FRAME_TEXT - at);
        text.getChars(0, n, out, at);
        return at + n;
    }

    /** The facts only the segment carries: the service, the agent, the platform. */
    private void writeSegmentFacts(JsonGenerator g) throws IOException {
        if (serviceVersion != null) {
            g.writeFieldName(SERVICE);
            g.writeStartObject();
            g.writeFieldName(VERSION);
            g.writeString(serviceVersion);
            g.writeEndObject();
        }
        g.writeFieldName(AWS);
        g.writeStartObject();
        g.writeFieldName(XRAY);
        g.writeStartObject();
        g.writeFieldName(SDK);
        g.writeString(AGENT_SDK);
        if (agentVersion != null) {
            g.writeFieldName(SDK_VERSION);
            g.writeString(agentVersion);
        }
        writeTrue(g, AUTO_INSTRUMENTATION);
        g.writeEndObject();
        writePlatform(g, platform);
        g.writeEndObject();
        if (platform.origin() != null) {
            g.writeFieldName(ORIGIN);
            g.writeString(platform.origin());
        }
    }

    /** The platform's sections of the {@code aws} block: {@code ec2}, {@code ecs}, {@code eks}, ... */
    private static void writePlatform(JsonGenerator g, Platform platform) throws IOException {
        for (Platform.Section section : platform.sections()) {
            g.writeFieldName(section.name);
            g.writeStartObject();
            for (int i = 0; i < section.size(); i++) {
                Object value = section.value(i);
                g.writeFieldName(section.field(i));
                if (value instanceof Long) {
                    g.writeNumber((Long) value);
                } else {
                    g.writeString(bounded(String.valueOf(value), MAX_HTTP_FIELD));
                }
            }
            g.writeEndObject();
        }
    }

    private void writeName(JsonGenerator g, Span span, boolean segment) throws IOException {
        String name = sanitizeName(span.name());
        if (name.isEmpty()) {
            name = segment ? segmentName : span.kind().name().toLowerCase(Locale.ROOT);
        }
        g.writeFieldName(NAME);
        g.writeString(name);
    }

    private static void writeTrue(JsonGenerator g, SerializableString field) throws IOException {
        g.writeFieldName(field);
        g.writeBoolean(true);
    }

    private static void writeBounded(JsonGenerator g, SerializableString field, String value) throws IOException {
        if (value != null) {
            g.writeFieldName(field);
            g.writeString(bounded(value, MAX_HTTP_FIELD));
        }
    }

    /** {@code seconds.micros}, six decimals exactly: X-Ray's times, with no double rounding. */
    void writeSeconds(JsonGenerator g, SerializableString field, long epochMicros) throws IOException {
        long micros = Math.max(0, epochMicros);
        long second = micros / 1_000_000L;
        char[] out = seconds;
        if (second != lastSecond) {
            lastSecondLength = digits(second, out);
            lastSecond = second;
        }
        int at = lastSecondLength;
        int fraction = (int) (micros % 1_000_000L);
        out[at] = '.';
        // Right to left, dividing by a constant: the JIT makes that a multiplication.
        for (int i = 6; i >= 1; i--) {
            out[at + i] = (char) ('0' + fraction % 10);
            fraction /= 10;
        }
        g.writeFieldName(field);
        g.writeNumber(out, 0, at + 7);
    }

    /** The decimal digits of {@code value} (not negative) at the start of {@code out}; returns how many. */
    private static int digits(long value, char[] out) {
        int length = 1;
        for (long rest = value; rest >= 10; rest /= 10) {
            length++;
        }
        long rest = value;
        for (int i = length - 1; i >= 0; i--) {
            out[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        return length;
    }

    /** {@link #truncate}, and {@link #clean}: every string an application gave us passes here. */
    static String bounded(String value, int max) {
        return clean(truncate(value, max));
    }

    /**
     * {@code text} with each lone surrogate replaced by U+FFFD: Jackson would write it as an
     * escape, which is valid JSON but not Unicode, and X-Ray's reader may refuse it.
     */
    static String clean(String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return replaceLoneSurrogates(text);
            }
        }
        return text;
    }

    private static String replaceLoneSurrogates(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /**
     * The document being written: UTF-8 into a reusable buffer that stops storing past its limit
     * and remembers it did, so that a huge segment costs CPU to detect, never memory.
     */
    private static final class Document extends OutputStream {

        final int limit;
        byte[] bytes;
        int count;
        boolean overflowed;

        Document(int limit) {
            this.limit = limit;
            this.bytes = new byte[Math.min(limit, 8 * 1024)];
        }

        void reset() {
            count = 0;
            overflowed = false;
        }

        boolean overflowed() {
            return overflowed;
        }

        @Override
        public void write(int b) {
            if (room(1)) {
                bytes[count++] = (byte) b;
            }
        }

        @Override
        public void write(byte[] from, int offset, int length) {
            if (room(length)) {
                System.arraycopy(from, offset, bytes, count, length);
                count += length;
            }
        }

        private boolean room(int length) {
            if (overflowed || count + length > limit) {
                overflowed = true;
                return false;
            }
            if (count + length > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.min(limit, Math.max(2 * bytes.length, count + length)));
            }
            return true;
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
