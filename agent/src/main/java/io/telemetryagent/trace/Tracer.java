package io.telemetryagent.trace;

/**
 * Starts and ends spans and keeps the current one per thread. The first span of a request in
 * this JVM is the segment; every span started under it is a subsegment. A layer that is off
 * records nothing, but the trace still flows through it, so the next recorded span becomes the
 * segment of the same trace. Never throws.
 */
public final class Tracer {

    /**
     * What the agent keeps per thread, in one thread-local: the current span, the outbound call
     * in progress, and the libraries' own state ({@link ThreadState}). One entry of ours in a
     * request thread's thread-local map instead of one per instrumentation keeps that map sparse,
     * so lookups (several per request) seldom probe past a collision, and a hook that needs two of
     * them looks up once.
     */
    public static final class PerThread {
        private static final Object[] NO_STATE = new Object[0];

        Span current;
        /** The backend span of the outbound call in progress on this thread (BackendGuard). */
        public Span backendCall;
        /** The libraries' states, by {@link ThreadState#slot}; made on first use. */
        private Object[] states = NO_STATE;

        PerThread() {}

        /** The span (or unrecorded context) current on this thread, or null. */
        public Span current() {
            return current;
        }

        @SuppressWarnings("unchecked")
        <T> T state(ThreadState<T> key) {
            Object[] all = states;
            int slot = key.slot;
            if (slot < all.length) {
                Object state = all[slot];
                if (state != null) {
                    return (T) state;
                }
            }
            return made(key);
        }

        private <T> T made(ThreadState<T> key) {
            if (key.slot >= states.length) {
                states = java.util.Arrays.copyOf(states, key.slot + 1);
            }
            T state = key.initialValue();
            states[key.slot] = state;
            return state;
        }
    }

    private static final ThreadLocal<PerThread> PER_THREAD = ThreadLocal.withInitial(PerThread::new);

    private final String serviceName;
    private final Sampler sampler;
    private final SpanSink sink;
    private final boolean router;
    private final boolean pipe;
    private final boolean backend;

    public Tracer(String serviceName, Sampler sampler, SpanSink sink, boolean router, boolean pipe, boolean backend) {
        this.serviceName = serviceName;
        this.sampler = sampler;
        this.sink = sink;
        this.router = router;
        this.pipe = pipe;
        this.backend = backend;
    }

    public boolean pipeEnabled() { return pipe; }
    public boolean backendEnabled() { return backend; }

    /** The span (or unrecorded context) current on this thread, or null. */
    public static Span current() {
        return PER_THREAD.get().current;
    }

    /** This thread's state; never null. */
    public static PerThread perThread() {
        return PER_THREAD.get();
    }

    /** Makes {@code span} current on this thread (null clears it). */
    public static void makeCurrent(Span span) {
        // set(null) rather than remove(): a pool thread keeps its entry (the agent's, never the
        // host's objects) instead of dropping and re-creating it for every request.
        PER_THREAD.get().current = span;
    }

    /**
     * Starts the handling of an inbound request: joins the trace of its {@code X-Amzn-Trace-Id}
     * (or starts one), decides sampling, and makes the result current. The result is a router
     * span when that layer is on, else an unrecorded context.
     */
    public Span startInbound(TraceHeader upstream) {
        Span span;
        if (upstream == null) {
            long now = System.currentTimeMillis();
            if (!sampler.decide(TraceHeader.Sampling.ABSENT)) {
                // Nothing to record: the trace id is drawn only if a call sends it downstream.
                span = Span.unsampledNew(now / 1000);
            } else if (router) {
                span = Span.root(Ids.newTraceId(now / 1000), Ids.newSegmentId(), null, Span.Kind.ROUTER, true, serviceName);
            } else {
                span = Span.unrecorded(Ids.newTraceId(now / 1000), null, true, null);
            }
        } else {
            boolean sampled = sampler.decide(upstream.sampling());
            span = router && sampled
                    ? Span.root(upstream.root(), Ids.newSegmentId(), upstream.parent(), Span.Kind.ROUTER, true, serviceName)
                    : Span.unrecorded(upstream.root(), upstream.parent(), sampled, null);
            if (upstream.lineage() != null) {
                span.lineage(upstream.lineage());
            }
        }
        PER_THREAD.get().current = span;
        return span;
    }

    /**
     * Starts a pipe or backend span under the current one and, for pipe spans, makes it current.
     * With no current context a backend call starts a trace of its own (sampled by rate). A span
     * that becomes the segment is named after the service, as X-Ray names segments.
     * Returns null when the layer is off.
     */
    public Span startChild(Span.Kind kind, String name) {
        if (kind == Span.Kind.PIPE ? !pipe : !backend) {
            return null;
        }
        PerThread perThread = PER_THREAD.get();
        Span call = perThread.backendCall;
        if (kind == Span.Kind.BACKEND && call != null && call.kind() == Span.Kind.AWS) {
            // The HTTP request an AWS SDK call sends on this thread is that call's: it is recorded
            // once, as the AWS subsegment, which already carries its header.
            return null;
        }
        Span parent = perThread.current;
        if (parent != null && !parent.sampled() && kind == Span.Kind.PIPE) {
            // An unsampled request's handling has nothing to record and nothing to send: its
            // calls carry the request's trace, which is current already.
            return null;
        }
        // A span of an unsampled trace is never sent, so it gets no id (see Span#id()).
        Span span;
        if (parent == null) {
            boolean sampled = sampler.decide(TraceHeader.Sampling.ABSENT);
            String traceId = Ids.newTraceId(System.currentTimeMillis() / 1000);
            span = Span.root(traceId, sampled ? Ids.newSegmentId() : null, null, kind, sampled, serviceName);
        } else if (!parent.recorded()) {
            span = Span.root(parent.traceId(), parent.sampled() ? Ids.newSegmentId() : null, parent.upstreamParentId(),
                    kind, parent.sampled(), serviceName);
            span.lineage(parent.lineage());
        } else {
            span = parent.root().ended() ? null
                    : parent.child(parent.sampled() ? Ids.newSegmentId() : null, kind, name);
            if (span == null) {
                // The request's segment has already gone to X-Ray: work that outlives it (an
                // async task, a late completion) continues the trace as a segment of its own,
                // under the span that started it, instead of joining a tree nobody will send again.
                span = Span.root(parent.traceId(), Ids.newSegmentId(), parent.id(), kind, parent.sampled(), serviceName);
                span.lineage(parent.lineage());
            }
        }
        if (kind == Span.Kind.PIPE) {
            perThread.current = span;
        }
        return span;
    }

    /**
     * Ends a span and makes {@code previous} current again (when {@code restore}); a finished
     * sampled root goes to the exporter, and so does a subsegment that outlived its root.
     */
    public void end(Span span, boolean restore, Span previous) {
        if (span == null) {
            return;
        }
        if (span.recorded() && span.end() && span.sampled()) {
            if (span.isRoot()) {
                sink.offer(span);
            } else if (span.root().ended()) {
                // Its segment was sent while it still ran (a call completing after the request):
                // it goes on its own, so X-Ray does not keep it in progress for ever. (A span
                // ending as its root ends may go twice; X-Ray keeps one copy per id.)
                sink.offer(span);
            }
        }
        if (restore) {
            makeCurrent(previous);
        }
    }
}
