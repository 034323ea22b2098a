package io.telemetryagent.export;

import io.telemetryagent.config.TelemetryConfig;
import io.telemetryagent.log.AgentLog;
import io.telemetryagent.trace.AgentThread;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.SpanSink;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends finished segments to X-Ray from one daemon thread of its own: every reporting period,
 * or as soon as a batch of 50 waits, it drains the {@link ExportQueue}, writes each segment
 * ({@link SegmentWriter}) and sends at most 50 documents per {@code PutTraceSegments} call
 * ({@link BatchSender}, {@link XRayCall}). Credentials, signer and HTTP client are made on that
 * thread, never on the caller's. Memory
 * is bounded by the queue's capacity plus one batch, whatever X-Ray does.
 *
 * <p>Wiring: {@code new XRayExporter(config, agentVersion)}, give {@link #sink()} to the tracer,
 * {@link #start()}, and call {@link #shutdown()} from a shutdown hook.
 */
public final class XRayExporter {

    /** X-Ray's limit of documents per call. */
    static final int MAX_BATCH = 50;

    private final TelemetryConfig config;
    private final String agentVersion;
    private final ExportTiming timing;
    private final String origin;
    private final ExportQueue queue;
    private final ExportLog log;
    private final BatchSender sender;
    private final AgentThread thread;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean shutdown = new AtomicBoolean();
    private volatile boolean stopping;

    // The exporter thread's own state.
    private final BatchBody batch = new BatchBody();
    /** {@link #add}, made once: a method reference per root was a fifth of the exporter's allocation. */
    private final SegmentWriter.Documents addToBatch = this::add;
    private SegmentWriter writer;

    /** An exporter for {@code config}; nothing runs (and nothing of the exporter's loads) until {@link #start()}. */
    public XRayExporter(TelemetryConfig config, String agentVersion) {
        this(config, agentVersion, ExportTiming.of(config.reportingPeriodSeconds()), ExportQueue.DEFAULT_CAPACITY,
                null);
    }

    XRayExporter(TelemetryConfig config, String agentVersion, ExportTiming timing, int queueCapacity, String origin) {
        this.config = config;
        this.agentVersion = agentVersion;
        this.timing = timing;
        this.origin = origin;
        this.queue = new ExportQueue(queueCapacity, MAX_BATCH);
        this.log = new ExportLog(timing.logInterval.toNanos(), config.secretAccessKey());
        this.sender = new BatchSender(timing, log);
        this.thread = new AgentThread("exporter", this::run);
        // Anything that looks up services through the context class loader (JCE providers,
        // proxy selectors) sees ours, not whatever the thread that built us had.
        this.thread.setContextClassLoader(XRayExporter.class.getClassLoader());
    }

    /** Where finished segments go: hand this to the tracer. Never blocks. */
    public SpanSink sink() {
        return queue;
    }

    /** Starts the exporter's thread; the second call (and any after shutdown) does nothing. */
    public void start() {
        if (!shutdown.get() && started.compareAndSet(false, true)) {
            thread.start();
        }
    }

    /**
     * Stops accepting segments and flushes what is queued, returning within the shutdown
     * budget (5 s) whatever X-Ray does. For a JVM shutdown hook; never throws.
     */
    public void shutdown() {
        if (!shutdown.compareAndSet(false, true)) {
            return;
        }
        try {
            long budget = timing.shutdownBudget.toNanos();
            long deadline = System.nanoTime() + budget;
            queue.close();
            // Stop sending a little before the deadline, so that the join below usually sees
            // the thread finish rather than time out.
            sender.stopBy(deadline - Math.min(budget / 10, Duration.ofMillis(250).toNanos()));
            stopping = true;
            queue.wake();
            if (!started.get()) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left > 0) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            if (thread.isAlive()) {
                thread.interrupt(); // a call stuck in a read; the daemon thread will not hold the exit
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            // never into the host's shutdown
        }
    }

    /** Documents X-Ray accepted. */
    public long sent() { return sender.sent(); }
    /** Segments dropped at the hand-off because the queue was full. */
    public long droppedQueueFull() { return queue.dropped(); }
    /** Documents dropped on the way to X-Ray: retries exhausted, rejected, no client, shutdown. */
    public long droppedExport() { return sender.dropped(); }
    /** Documents X-Ray answered as {@code UnprocessedTraceSegments}. */
    public long unprocessed() { return sender.unprocessed(); }

    private boolean clientTried;

    private void run() {
        try {
            // Null: detected here, where metadata endpoints may be called (a second at most each).
            Platform platform = origin != null ? Platform.of(origin) : PlatformDetector.detect();
            writer = new SegmentWriter(config.serviceName(), config.version(), agentVersion, platform,
                    SegmentWriter.MAX_DOCUMENT_BYTES, true);
            // The X-Ray call (signer, HTTP client: JCE, java.time and their hundred-odd classes)
            // is made on the first send, a period after start at the earliest, not while the
            // host starts on the same cores; an exit flush makes it then, within its budget.
            // Missing credentials are said at once all the same.
            String problem = XRayCall.credentialsProblem(config);
            if (problem != null) {
                clientTried = true;
                cannotSend(problem);
            }
            // Full batches go as soon as they fill; what is left of a batch goes once a period,
            // so that every call carries as many documents as it can (a call costs far more
            // than a document) and none waits longer than a period.
            long period = timing.period.toNanos();
            long flushAt = System.nanoTime() + period;
            while (!stopping) {
                long wait = flushAt - System.nanoTime();
                if (wait > 0) {
                    try {
                        queue.await(wait, TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        break;
                    }
                }
                exportQueued();
                if (System.nanoTime() - flushAt >= 0) {
                    sendBatch();
                    flushAt = System.nanoTime() + period;
                }
            }
            exportQueued();
            sendBatch();
            int left = 0;
            while (queue.poll() != null) {
                left++;
            }
            sender.drop(left);
        } catch (Throwable t) {
            log.error("the X-Ray exporter stopped: " + describe(t));
        } finally {
            close(sender.client());
        }
    }

    /** Writes everything queued, sending each batch that fills; stops at the shutdown deadline. */
    private void exportQueued() {
        Span root;
        while (!sender.outOfTime() && (root = queue.poll()) != null) {
            try {
                sender.drop(writer.writeUtf8(root, addToBatch));
            } catch (RuntimeException e) {
                // a span still changing under us: lose it, not the thread
                sender.drop(1);
                log.warn("write", "could not write a segment (" + describe(e) + ")");
            }
        }
    }

    private void add(byte[] escaped, int length) {
        batch.addEscaped(escaped, length);
        if (batch.documents() >= MAX_BATCH) {
            sendBatch();
        }
    }

    /** Makes the X-Ray call (credentials, endpoint, signer), once. */
    private void ensureClient() {
        if (clientTried) {
            return;
        }
        clientTried = true;
        try {
            if (config.useEnv()) {
                log.mask(System.getenv("AWS_SECRET_ACCESS_KEY"), System.getenv("AWS_SESSION_TOKEN"));
            }
            sender.client(XRayCall.create(config, timing, agentVersion));
        } catch (Throwable t) {
            cannotSend(describe(t));
        }
    }

    private void cannotSend(String why) {
        log.error("cannot send to X-Ray: " + why + "; segments will be dropped and counted");
    }

    private void sendBatch() {
        if (!batch.isEmpty()) {
            ensureClient();
            sender.send(batch);
            batch.clear();
        }
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getName() : t.getMessage();
    }

    private static void close(XRayCall client) {
        if (client == null) {
            return;
        }
        try {
            client.close();
        } catch (RuntimeException e) {
            AgentLog.debug("closing the X-Ray client failed: " + e);
        }
    }
}
