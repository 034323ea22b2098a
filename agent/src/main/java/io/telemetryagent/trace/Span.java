package io.telemetryagent.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * One timed piece of work: the X-Ray segment when it has no local parent, else a subsegment of
 * its root. Written by the thread that owns it; read by the exporter only after the root ends
 * (the queue hand-off publishes it).
 */
public final class Span {

    /** Which layer recorded the span; decides X-Ray's {@code namespace} and naming. */
    public enum Kind { ROUTER, PIPE, BACKEND }

    private final String traceId;
    private final String id;
    /** Upstream {@code Parent} for a root that continues a trace, else null. */
    private final String upstreamParentId;
    private final Span parent;
    private final Span root;
    private final Kind kind;
    private final boolean sampled;
    private final long startEpochMicros;
    private final long startNanos;
    /** False for a context that only carries an upstream trace (its layer is off); never exported. */
    private final boolean recorded;
    private String lineage;

    private String name;
    private long endEpochMicros;
    /** Written by the thread that ends the span, read by threads still working for its trace. */
    private volatile boolean ended;
    private List<Span> children;

    // HTTP facts, filled by the instrumentation; 0 / -1 / null when unknown.
    private String httpMethod;
    private String httpUrl;
    private String clientIp;
    private boolean xForwardedFor;
    private String userAgent;
    private int status;
    private long contentLength = -1;
    private boolean traced;
    private String route;
    private Throwable cause;
    private boolean remoteCause;

    Span(String traceId, String id, String upstreamParentId, Span parent, Kind kind, boolean sampled,
         String name, long startEpochMicros, long startNanos) {
        this.traceId = traceId;
        this.id = id;
        this.upstreamParentId = upstreamParentId;
        this.parent = parent;
        this.root = parent == null ? this : parent.root;
        this.kind = kind;
        this.sampled = sampled;
        this.name = name;
        this.startEpochMicros = startEpochMicros;
        this.startNanos = startNanos;
        this.recorded = kind != null;
    }

    /** Creates the root of this JVM's part of a trace. */
    public static Span root(String traceId, String id, String upstreamParentId, Kind kind, boolean sampled,
                            String name) {
        long nanos = System.nanoTime();
        return new Span(traceId, id, upstreamParentId, null, kind, sampled, name, Clock.epochMicros(), nanos);
    }

    /**
     * A trace context with no span of its own, for when the layer that would record it is off:
     * spans started under it become roots that continue its trace.
     */
    public static Span unrecorded(String traceId, String upstreamParentId, boolean sampled, String lineage) {
        Span context = new Span(traceId, null, upstreamParentId, null, null, sampled, null, 0, 0);
        context.lineage = lineage;
        return context;
    }

    /** Creates a child, timed against its root's clock so that nesting is exact. */
    public Span child(String id, Kind kind, String name) {
        long nanos = System.nanoTime();
        long start = root.startEpochMicros + (nanos - root.startNanos) / 1000;
        Span child = new Span(traceId, id, null, this, kind, sampled, name, start, nanos);
        if (sampled) {
            synchronized (this) {
                if (children == null) {
                    children = new ArrayList<>(2);
                }
                children.add(child);
            }
        }
        return child;
    }

    /** Ends the span now; returns true the first time only. */
    public boolean end() {
        if (ended) {
            return false;
        }
        endEpochMicros = root.startEpochMicros + (System.nanoTime() - root.startNanos) / 1000;
        if (endEpochMicros < startEpochMicros) {
            endEpochMicros = startEpochMicros;
        }
        ended = true;
        return true;
    }

    public boolean isRoot() { return parent == null; }
    /** False for an {@link #unrecorded} context. */
    public boolean recorded() { return recorded; }
    /** The upstream {@code Lineage} carried through, or null. */
    public String lineage() { return root.lineage; }
    public void lineage(String lineage) { root.lineage = lineage; }
    public Span parent() { return parent; }
    public Span root() { return root; }
    public String traceId() { return traceId; }
    public String id() { return id; }
    public String upstreamParentId() { return upstreamParentId; }
    public Kind kind() { return kind; }
    public boolean sampled() { return sampled; }
    public String name() { return name; }
    public void name(String name) { this.name = name; }
    public long startEpochMicros() { return startEpochMicros; }
    public long endEpochMicros() { return endEpochMicros; }
    public boolean ended() { return ended; }

    /** The children recorded so far, in start order; empty when none. */
    public synchronized List<Span> children() {
        return children == null ? List.of() : new ArrayList<>(children);
    }

    public String httpMethod() { return httpMethod; }
    public String httpUrl() { return httpUrl; }
    public String clientIp() { return clientIp; }
    public boolean xForwardedFor() { return xForwardedFor; }
    public String userAgent() { return userAgent; }
    public int status() { return status; }
    public long contentLength() { return contentLength; }
    public boolean traced() { return traced; }
    public String route() { return route; }
    public Throwable cause() { return cause; }
    public boolean remoteCause() { return remoteCause; }

    public void httpRequest(String method, String url) {
        this.httpMethod = method;
        this.httpUrl = url;
    }

    public void client(String clientIp, boolean xForwardedFor, String userAgent) {
        this.clientIp = clientIp;
        this.xForwardedFor = xForwardedFor;
        this.userAgent = userAgent;
    }

    public void status(int status) { this.status = status; }
    public void contentLength(long contentLength) { this.contentLength = contentLength; }
    public void traced(boolean traced) { this.traced = traced; }
    public void route(String route) { this.route = route; }

    public void cause(Throwable cause, boolean remote) {
        this.cause = cause;
        this.remoteCause = remote;
    }
}
