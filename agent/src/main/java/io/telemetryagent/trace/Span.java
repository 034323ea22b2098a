package io.telemetryagent.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * One timed piece of work: the X-Ray segment when it has no local parent, else a subsegment of
 * its root. Written by the thread that owns it; read by the exporter only after the root ends
 * (the queue hand-off publishes it).
 *
 * <p>Only a sampled span records anything: its timing, name, children and HTTP facts live in a
 * {@link Record} allocated with it. An unsampled span, or a context whose layer is off, is just the
 * trace it carries along (64 bytes), and an unsampled trace started here draws its id only when
 * something asks for it (a downstream call's header), so an unsampled request that calls nothing
 * allocates nothing else.
 */
public final class Span {

    /**
     * Which layer recorded the span; decides X-Ray's {@code namespace} and naming. {@code AWS} is
     * a backend call made through an AWS SDK ({@code namespace: aws}): the backend layer governs it.
     */
    public enum Kind { ROUTER, PIPE, BACKEND, AWS }

    /** Set once; drawn lazily for an unsampled trace started here (see {@link #traceId()}). */
    private volatile String traceId;
    /** The epoch second a lazily drawn trace id carries. */
    private final int traceEpochSecond;
    private final String id;
    /** Upstream {@code Parent} for a root that continues a trace, else null. */
    private final String upstreamParentId;
    private final Span parent;
    private final Span root;
    private final Kind kind;
    private final boolean sampled;
    /** Written by the thread that ends the span, read by threads still working for its trace. */
    private volatile boolean ended;
    private String lineage;
    /** Set by the exporter's thread once a document carried this span ended. */
    private boolean sentEnded;
    /** What a sampled, recorded span records; null otherwise. */
    private final Record record;

    /** What a recorded span holds for its segment document. */
    private static final class Record {
        final long startEpochMicros;
        final long startNanos;
        String name;
        long endEpochMicros;
        /** Guarded by the root's monitor. */
        List<Span> children;
        String httpMethod;
        String httpUrl;
        String clientIp;
        boolean xForwardedFor;
        String userAgent;
        int status;
        long contentLength = -1;
        boolean traced;
        String route;
        Throwable cause;
        boolean remoteCause;
        AwsCall aws;
        /** A JDBC statement's: its connection's facts, {@code statement}/{@code call} or null, its sanitized text or null. */
        SqlFacts sql;
        String sqlPreparation;
        String sqlQuery;

        Record(String name, long startEpochMicros, long startNanos) {
            this.name = name;
            this.startEpochMicros = startEpochMicros;
            this.startNanos = startNanos;
        }
    }

    private Span(String traceId, int traceEpochSecond, String id, String upstreamParentId, Span parent, Kind kind,
                 boolean sampled, Record record) {
        this.traceId = traceId;
        this.traceEpochSecond = traceEpochSecond;
        this.id = id;
        this.upstreamParentId = upstreamParentId;
        this.parent = parent;
        this.root = parent == null ? this : parent.root;
        this.kind = kind;
        this.sampled = sampled;
        this.record = record;
    }

    /** Creates the root of this JVM's part of a trace. */
    public static Span root(String traceId, String id, String upstreamParentId, Kind kind, boolean sampled,
                            String name) {
        Record record = kind != null && sampled ? new Record(name, Clock.epochMicros(), System.nanoTime()) : null;
        return new Span(traceId, 0, id, upstreamParentId, null, kind, sampled, record);
    }

    /**
     * A trace context with no span of its own, for when the layer that would record it is off or
     * the trace is not sampled: spans started under it become roots that continue its trace.
     */
    public static Span unrecorded(String traceId, String upstreamParentId, boolean sampled, String lineage) {
        Span context = new Span(traceId, 0, null, upstreamParentId, null, null, sampled, null);
        context.lineage = lineage;
        return context;
    }

    /**
     * An unsampled trace started here at {@code epochSecond}, whose id is drawn the first time it
     * is asked for (most unsampled requests never send it anywhere).
     */
    public static Span unsampledNew(long epochSecond) {
        return new Span(null, (int) epochSecond, null, null, null, null, false, null);
    }

    /**
     * Creates a child, timed against its root's clock so that nesting is exact. Returns null when
     * the root has already ended (and may have gone to the exporter): a child added now would be
     * lost, so the caller continues the trace in a segment of its own instead.
     */
    public Span child(String id, Kind kind, String name) {
        if (!sampled || record == null) {
            return new Span(traceId(), 0, id, null, this, kind, sampled, null);
        }
        long nanos = System.nanoTime();
        Record rootRecord = root.record;
        Record childRecord = new Record(name, rootRecord.startEpochMicros + (nanos - rootRecord.startNanos) / 1000, nanos);
        Span child = new Span(traceId, 0, id, null, this, kind, true, childRecord);
        synchronized (root) {
            if (root.ended) {
                return null;
            }
            if (record.children == null) {
                record.children = new ArrayList<>(2);
            }
            record.children.add(child);
        }
        return child;
    }

    /** Ends the span now; returns true the first time only. */
    public boolean end() {
        if (ended) {
            return false;
        }
        if (record == null) {
            ended = true;
            return true;
        }
        Record rootRecord = root.record;
        long end = rootRecord.startEpochMicros + (System.nanoTime() - rootRecord.startNanos) / 1000;
        record.endEpochMicros = Math.max(end, record.startEpochMicros);
        if (parent != null) {
            ended = true;
            return true;
        }
        // A root ends under its own monitor, so that no child can join it once it has ended.
        synchronized (this) {
            if (ended) {
                return false;
            }
            ended = true;
            return true;
        }
    }

    public boolean isRoot() { return parent == null; }
    /** False for an {@link #unrecorded} context. */
    public boolean recorded() { return kind != null; }
    /** The upstream {@code Lineage} carried through, or null. */
    public String lineage() { return root.lineage; }
    public void lineage(String lineage) { root.lineage = lineage; }
    public Span parent() { return parent; }
    public Span root() { return root; }

    /** The trace id; for an unsampled trace started here, drawn now the first time. */
    public String traceId() {
        String t = traceId;
        return t != null ? t : drawTraceId();
    }

    private synchronized String drawTraceId() {
        if (traceId == null) {
            traceId = Ids.newTraceId(traceEpochSecond);
        }
        return traceId;
    }

    /**
     * The segment id; null for a span of an unsampled trace made under this JVM's context (never
     * sent, so never named: a call it makes names a random parent, {@code BackendSpans.header}),
     * and for an unrecorded context.
     */
    public String id() { return id; }
    public String upstreamParentId() { return upstreamParentId; }
    public Kind kind() { return kind; }
    public boolean sampled() { return sampled; }
    public String name() { return record == null ? null : record.name; }
    public void name(String name) {
        if (record != null) {
            record.name = name;
        }
    }
    public long startEpochMicros() { return record == null ? 0 : record.startEpochMicros; }
    public long endEpochMicros() { return record == null ? 0 : record.endEpochMicros; }
    public boolean ended() { return ended; }
    /** For the exporter's thread only: whether a document already carried this span ended. */
    public boolean sentEnded() { return sentEnded; }
    /** For the exporter's thread only. */
    public void markSentEnded() { sentEnded = true; }

    /**
     * The children recorded so far, in start order; empty when none. Read-only. Once the root has
     * ended no child can join (see {@link #child}), so the list itself is returned, uncopied: what
     * the exporter reads, span after span.
     */
    public List<Span> children() {
        if (record == null) {
            return List.of();
        }
        if (root.ended) {
            // The volatile read orders this after the root's end, and so after every add.
            List<Span> frozen = record.children;
            return frozen == null ? List.of() : frozen;
        }
        synchronized (root) {
            return record.children == null ? List.of() : new ArrayList<>(record.children);
        }
    }

    public String httpMethod() { return record == null ? null : record.httpMethod; }
    public String httpUrl() { return record == null ? null : record.httpUrl; }
    public String clientIp() { return record == null ? null : record.clientIp; }
    public boolean xForwardedFor() { return record != null && record.xForwardedFor; }
    public String userAgent() { return record == null ? null : record.userAgent; }
    public int status() { return record == null ? 0 : record.status; }
    public long contentLength() { return record == null ? -1 : record.contentLength; }
    public boolean traced() { return record != null && record.traced; }
    public String route() { return record == null ? null : record.route; }
    public Throwable cause() { return record == null ? null : record.cause; }
    public boolean remoteCause() { return record != null && record.remoteCause; }
    /** The {@code aws} facts of an AWS SDK call ({@link Kind#AWS}), or null. */
    public AwsCall aws() { return record == null ? null : record.aws; }
    /** The connection's facts when this span is a SQL statement, else null. */
    public SqlFacts sql() { return record == null ? null : record.sql; }
    public String sqlPreparation() { return record == null ? null : record.sqlPreparation; }
    public String sqlQuery() { return record == null ? null : record.sqlQuery; }

    // The setters record only on a sampled span; on any other they do nothing.

    public void httpRequest(String method, String url) {
        if (record != null) {
            record.httpMethod = method;
            record.httpUrl = url;
        }
    }

    public void client(String clientIp, boolean xForwardedFor, String userAgent) {
        if (record != null) {
            record.clientIp = clientIp;
            record.xForwardedFor = xForwardedFor;
            record.userAgent = userAgent;
        }
    }

    public void status(int status) {
        if (record != null) {
            record.status = status;
        }
    }

    public void contentLength(long contentLength) {
        if (record != null) {
            record.contentLength = contentLength;
        }
    }

    public void traced(boolean traced) {
        if (record != null) {
            record.traced = traced;
        }
    }

    public void route(String route) {
        if (record != null) {
            record.route = route;
        }
    }

    public void aws(AwsCall aws) {
        if (record != null) {
            record.aws = aws;
        }
    }

    public void cause(Throwable cause, boolean remote) {
        if (record != null) {
            record.cause = cause;
            record.remoteCause = remote;
        }
    }

    /** Makes this span a SQL statement's: {@code preparation} and {@code sanitizedQuery} may be null. */
    public void sql(SqlFacts facts, String preparation, String sanitizedQuery) {
        if (record != null) {
            record.sql = facts;
            record.sqlPreparation = preparation;
            record.sqlQuery = sanitizedQuery;
        }
    }
}
