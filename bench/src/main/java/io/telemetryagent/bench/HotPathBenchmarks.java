package io.telemetryagent.bench;

import io.telemetryagent.export.ExportQueue;
import io.telemetryagent.export.SegmentWriter;
import io.telemetryagent.instrument.BackendSpans;
import io.telemetryagent.trace.Sampler;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.TraceHeader;
import io.telemetryagent.trace.Tracer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The agent's per-request work, piece by piece: what a request pays for a span, the trace header,
 * and what the exporter's thread pays to write a segment. Run with {@code -prof gc} for bytes per
 * operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class HotPathBenchmarks {

    private static final String HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    private Tracer sampled;
    private Tracer unsampled;
    private SegmentWriter writer;
    private Span finishedRequest;
    private ExportQueue queue;

    @Setup
    public void setUp() {
        sampled = new Tracer("bench", new Sampler(100), root -> { }, true, true, true);
        unsampled = new Tracer("bench", new Sampler(0), root -> { }, true, true, true);
        writer = new SegmentWriter("bench", "1.0", "1.0.0", null);
        finishedRequest = request(sampled);
        queue = new ExportQueue(ExportQueue.DEFAULT_CAPACITY, Integer.MAX_VALUE);
    }

    /** Keeps the header's string alive, so that the JIT cannot drop its formatting. */
    static volatile String HEADER_SINK;

    /** A request with router and pipe and no call, as the JDK HttpServer instrumentation records it. */
    private static Span requestWithoutCall(Tracer tracer) {
        Span router = tracer.startInbound(null);
        if (router.sampled()) {
            router.httpRequest("GET", "http://127.0.0.1:8080/hello");
            router.client("127.0.0.1", false, "wrk/4.1.0");
        }
        Span pipe = router.sampled() ? tracer.startChild(Span.Kind.PIPE, "GET /hello") : null;
        if (pipe != null) {
            tracer.end(pipe, true, router);
        }
        router.status(200);
        tracer.end(router, true, null);
        return router;
    }

    /** A request with router, pipe and one backend call (with its header), as the JDK HttpServer instrumentation records it. */
    static Span request(Tracer tracer) {
        Span router = tracer.startInbound(null);
        router.httpRequest("GET", "http://127.0.0.1:8080/chain");
        router.client("127.0.0.1", false, "wrk/4.1.0");
        Span pipe = tracer.startChild(Span.Kind.PIPE, "GET /chain");
        // What a client's hooks do: start the call's span, write its header, end it.
        Span call = BackendSpans.start(tracer, "GET", "http://127.0.0.1:9090/hello");
        HEADER_SINK = BackendSpans.header(call);
        call.traced(true);
        BackendSpans.finish(tracer, call, 200, 5);
        tracer.end(pipe, true, router);
        router.status(200);
        router.contentLength(5);
        tracer.end(router, true, null);
        return router;
    }

    @Benchmark
    public Span sampledRequestSpans() {
        return request(sampled);
    }

    @Benchmark
    public Span unsampledRequestSpans() {
        return request(unsampled);
    }

    @Benchmark
    public Span unsampledRequestWithoutCall() {
        return requestWithoutCall(unsampled);
    }

    @Benchmark
    public TraceHeader parseHeader() {
        return TraceHeader.parse(HEADER);
    }

    @Benchmark
    public String formatHeader() {
        return TraceHeader.format("1-5759e988-bd862e3fe1be46a994272793", "53995c3f42cd8ad8", true, null);
    }

    @Benchmark
    public void writeSegment(Blackhole bh) {
        writer.write(finishedRequest, bh::consume);
    }

    /** Two request threads hand segments over while the exporter's thread takes them. */
    @Benchmark
    @Group("handOff")
    @GroupThreads(2)
    public void queueOffer() {
        queue.offer(finishedRequest);
    }

    @Benchmark
    @Group("handOff")
    @GroupThreads(1)
    public Span queuePoll() {
        return queue.poll();
    }
}
