package io.telemetryagent.export;

import io.telemetryagent.config.DaemonAddress;
import io.telemetryagent.config.TelemetryConfig;
import io.telemetryagent.trace.AgentThread;
import io.telemetryagent.trace.Span;
import io.telemetryagent.trace.SpanSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Sends finished segments to X-Ray. One daemon thread of the agent drains the {@link ExportQueue},
 * writes each segment ({@link SegmentWriter}) and groups at most {@value #MAX_BATCH} documents per
 * batch, handing each batch over as soon as it fills, or once a reporting period; {@value #SENDERS}
 * sender threads send batches at once through a {@link SegmentTransport} (X-Ray's API through the
 * AWS SDK unless given another), so that a real region's tens of milliseconds per call do not cap
 * the rate. The transport, the SDK and credentials are made on a sender thread when the first batch
 * goes, never on the host's threads. Memory is bounded by the queue plus {@value #SENDERS} batches
 * waiting and {@value #SENDERS} in flight, whatever X-Ray does.
 *
 * <p>Every segment is sent or counted lost under one {@link LossReason}: one WARN line per interval
 * while losing, one line at exit, and the MBean {@code io.telemetryagent:type=Exporter} meanwhile.
 *
 * <p>Wiring: {@code new XRayExporter(config, agentVersion)}, give {@link #sink()} to the tracer,
 * {@link #start()}, and call {@link #shutdown()} from a shutdown hook.
 */
public final class XRayExporter {

    /** X-Ray's limit of documents per call. */
    public static final int MAX_BATCH = 50;
    /**
     * Calls in flight at most. At 50 ms per call, 4 senders carry 4,000 documents a second in full
     * batches, above X-Ray's default quota of 2,600 segments a second.
     */
    static final int SENDERS = 4;

    /** Makes the transport, on a sender thread, at the first batch. */
    public interface TransportFactory {
        /** Throws, with a message fit for the log (never a secret), when none can be made. */
        SegmentTransport create(ScheduledExecutorService scheduler) throws Exception;
    }

    private final TelemetryConfig config;
    private final String agentVersion;
    private final ExportTiming timing;
    private final String origin;
    private final ExportQueue queue;
    private final ExportLog log;
    private final ExportCounts counts;
    private final LossReport report;
    private final ExporterStats stats;
    private final TransportFactory transports;
    private final ArrayBlockingQueue<List<String>> batches = new ArrayBlockingQueue<>(SENDERS);
    private final AgentThread drainer;
    private final AgentThread[] senders = new AgentThread[SENDERS];
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean shutdown = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile boolean sendersStop;
    private volatile boolean firstCallDue;
    private volatile long deadlineNanos;

    private final Object transportLock = new Object();
    private SegmentTransport transport;
    private boolean transportTried;
    private ScheduledExecutorService scheduler;

    /** Not a batch: tells the sender that takes it to make the transport. */
    private static final List<String> WARM_UP = new ArrayList<>(0);

    // The draining thread's own state.
    private boolean warming;
    private List<String> batch = new ArrayList<>(MAX_BATCH);
    private final Consumer<String> addToBatch = this::add;
    private SegmentWriter writer;
    /** When the MBean is registered (System.nanoTime); 0 once it is. */
    private long statsDueAt;
    private static final long STATS_DELAY_NANOS = TimeUnit.SECONDS.toNanos(3);

    /** An exporter for {@code config}; nothing runs (and nothing of the SDK loads) until {@link #start()}. */
    public XRayExporter(TelemetryConfig config, String agentVersion) {
        this(config, agentVersion, ExportTiming.of(config.reportingPeriodSeconds()), ExportQueue.DEFAULT_CAPACITY,
                null, daemonTransport(config));
    }

    /** Daemon mode's transport: UDP to the daemon, and no AWS client made or loaded; null otherwise. */
    private static TransportFactory daemonTransport(TelemetryConfig config) {
        DaemonAddress daemon = config.daemonAddress();
        return daemon == null ? null : scheduler -> new DaemonTransport(daemon);
    }

    /**
     * @param origin     the platform's origin as given (tests); null: detected on the exporter's thread
     * @param transports null: X-Ray's API through the AWS SDK, with {@code config}'s credentials
     */
    XRayExporter(TelemetryConfig config, String agentVersion, ExportTiming timing, int queueCapacity, String origin,
                 TransportFactory transports) {
        this.config = config;
        this.agentVersion = agentVersion;
        this.timing = timing;
        this.origin = origin;
        this.queue = new ExportQueue(queueCapacity, MAX_BATCH);
        this.log = new ExportLog(config.secretAccessKey());
        this.counts = new ExportCounts(queue);
        this.report = new LossReport(counts, log, timing.logInterval.toNanos());
        this.stats = new ExporterStats(counts, queue);
        this.transports = transports != null ? transports : this::sdkTransport;
        this.drainer = agentThread("exporter", this::drain);
        for (int i = 0; i < SENDERS; i++) {
            senders[i] = agentThread("exporter-send-" + (i + 1), this::sendBatches);
        }
    }

    /**
     * Agent threads: nothing on them is traced (the HTTP client's calls to X-Ray included), and
     * whatever looks things up through the context class loader (the SDK's interceptors and
     * credential providers, JCE) finds ours, not the host's.
     */
    private static AgentThread agentThread(String name, Runnable task) {
        AgentThread thread = new AgentThread(name, task);
        thread.setContextClassLoader(XRayExporter.class.getClassLoader());
        return thread;
    }

    /** Where finished segments go: hand this to the tracer. Never blocks. */
    public SpanSink sink() {
        return queue;
    }

    /** Starts the exporter's threads; the second call (and any after shutdown) does nothing. */
    public void start() {
        if (!shutdown.get() && started.compareAndSet(false, true)) {
            drainer.start();
            for (AgentThread sender : senders) {
                sender.start();
            }
        }
    }

    /** Documents X-Ray accepted. */
    public long sent() { return counts.sent(); }
    /** Segments lost for {@code reason} so far. */
    public long lost(LossReason reason) { return counts.lost(reason); }
    /** Segments lost, all reasons together. */
    public long lost() { return counts.lost(); }

    // --- the draining thread

    private void drain() {
        try {
            // Null: detected here, where metadata endpoints may be called (short time-outs).
            Platform platform = origin != null ? Platform.of(origin) : PlatformDetector.detect();
            // A datagram to the daemon holds its header too: documents a little under X-Ray's 64 KB.
            int maxBytes = config.daemonAddress() != null ? DaemonSender.MAX_DOCUMENT_BYTES : SegmentWriter.MAX_DOCUMENT_BYTES;
            writer = new SegmentWriter(config.serviceName(), config.version(), agentVersion, platform, maxBytes);
            // The MBean waits a few seconds: the platform MBean server it needs makes every platform
            // MXBean (cgroups, collectors, logging), 450 classes and some 100 ms of CPU that a host not
            // using JMX would otherwise pay amid its start-up and first requests.
            statsDueAt = System.nanoTime() + STATS_DELAY_NANOS;
            // Full batches go as soon as they fill; what is left of a batch goes once a period,
            // so that every call carries as many documents as it can and none waits longer than a period.
            long period = timing.period.toNanos();
            long flushAt = System.nanoTime() + period;
            while (!stopping) {
                // Until the first segment came, look once a second: it has the transport made (see writeQueued).
                long wait = Math.min(flushAt - System.nanoTime(),
                        warming ? timing.logInterval.toNanos() : TimeUnit.SECONDS.toNanos(1));
                if (wait > 0) {
                    try {
                        queue.await(wait, TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        break;
                    }
                }
                writeQueued();
                if (System.nanoTime() - flushAt >= 0 || firstCallDue) {
                    firstCallDue = false;
                    handOff();
                    flushAt = System.nanoTime() + period;
                }
                report.tick();
                if (statsDueAt != 0 && System.nanoTime() - statsDueAt >= 0 && !stopping) {
                    statsDueAt = 0;
                    stats.register();
                }
            }
            writeQueued();
            handOff();
            loseQueued("still queued at exit");
        } catch (Throwable t) {
            log.error("the X-Ray exporter stopped: " + describe(t));
        }
    }

    /** Empties the queue, counting what it held as lost at shutdown for {@code why}; returns how many. */
    private long loseQueued(String why) {
        long left = 0;
        while (queue.poll() != null) {
            left++;
        }
        counts.lost(LossReason.SHUTDOWN, left, why);
        return left;
    }

    /** Writes everything queued, handing over each batch that fills; stops at the shutdown deadline. */
    private void writeQueued() {
        Span root;
        while (!pastDeadline() && (root = queue.poll()) != null) {
            if (!warming) {
                // The first segment says the host is up and serving: make the transport now, on a
                // sender, so that neither the first batch nor an early exit's flush waits for it.
                warming = true;
                batches.offer(WARM_UP);
            }
            try {
                counts.lost(LossReason.UNWRITABLE, writer.write(root, addToBatch), "a span too big for a document");
            } catch (RuntimeException e) {
                // a span still changing under us: lose it, not the thread
                counts.lost(LossReason.UNWRITABLE, 1, describe(e));
            }
        }
    }

    private void add(String document) {
        batch.add(document);
        if (batch.size() >= MAX_BATCH) {
            handOff();
        }
    }

    /**
     * Gives the batch to the senders, waiting while all are busy (the request threads never
     * wait: the queue fills and drops meanwhile); at shutdown, until the deadline.
     */
    private void handOff() {
        if (batch.isEmpty()) {
            return;
        }
        List<String> full = batch;
        batch = new ArrayList<>(MAX_BATCH);
        counts.inFlight(full.size());
        try {
            while (!batches.offer(full, 100, TimeUnit.MILLISECONDS)) {
                if (pastDeadline()) {
                    counts.inFlight(-full.size());
                    counts.lost(LossReason.SHUTDOWN, full.size(), "not sent by the exit deadline");
                    return;
                }
                if (!stopping) {
                    report.tick();
                }
            }
        } catch (InterruptedException e) {
            counts.inFlight(-full.size());
            counts.lost(LossReason.SHUTDOWN, full.size(), "not sent by the exit deadline");
            Thread.currentThread().interrupt();
        }
    }

    private boolean pastDeadline() {
        return stopping && System.nanoTime() - deadlineNanos >= 0;
    }

    // --- the sender threads

    private void sendBatches() {
        try {
            while (true) {
                List<String> documents = batches.poll(100, TimeUnit.MILLISECONDS);
                if (documents == null) {
                    if (sendersStop) {
                        return;
                    }
                    continue;
                }
                if (documents == WARM_UP) {
                    transport();
                    continue;
                }
                Delivery delivery;
                try {
                    SegmentTransport current = transport();
                    delivery = current == null
                            ? Delivery.lost(documents.size(), LossReason.REJECTED, "no X-Ray client")
                            : current.send(documents);
                } catch (Throwable t) {
                    delivery = Delivery.lost(documents.size(), LossReason.REJECTED, "unexpected " + describe(t));
                }
                counts.inFlight(-documents.size());
                counts.sent(delivery.sent);
                if (delivery.lost > 0) {
                    counts.lost(delivery.reason, delivery.lost, delivery.detail == null ? null : log.clean(delivery.detail));
                    queue.wake(); // the draining thread says it now, not at its next period
                }
            }
        } catch (InterruptedException e) {
            // shutdown gave up on us; what we held is reported in flight
        }
    }

    /** The transport, made once, by the first sender that needs it; null when it could not be made. */
    private SegmentTransport transport() {
        synchronized (transportLock) {
            if (!transportTried) {
                transportTried = true;
                try {
                    long start = System.nanoTime();
                    long cpuStart = cpuNanos();
                    scheduler = timeoutScheduler();
                    transport = transports.create(scheduler);
                    // The first call goes now, not a period later: the first call's own cost is
                    // paid while the app runs (not in an exit's flush), and a problem with the
                    // credentials or the endpoint is said at once.
                    firstCallDue = true;
                    queue.wake();
                    log.debug("X-Ray client made in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                            + " ms (" + TimeUnit.NANOSECONDS.toMillis(cpuNanos() - cpuStart) + " ms of CPU)");
                } catch (Throwable t) {
                    log.error("cannot send to X-Ray: " + describe(t) + "; segments are lost and counted");
                }
            }
            return transport;
        }
    }

    /**
     * The SDK's clock for each call's and each attempt's time-out: two tasks per call, cancelled when
     * the call ends. Cancelled tasks leave its queue at once, rather than staying 10 and 30 s and
     * waking this thread as each expires.
     */
    static ScheduledThreadPoolExecutor timeoutScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, task -> agentThread("exporter-timer", task));
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    private SegmentTransport sdkTransport(ScheduledExecutorService scheduler) {
        if (config.useEnv()) {
            // Whatever the environment holds never reaches a log line, should a far end echo it.
            log.mask(System.getenv("AWS_SECRET_ACCESS_KEY"), System.getenv("AWS_SESSION_TOKEN"),
                    System.getProperty("aws.secretAccessKey"), System.getProperty("aws.sessionToken"));
        }
        XRayCredentials credentials = XRayCredentials.of(config, log, timing);
        return XRayTransport.create(config, timing, agentVersion, credentials, scheduler);
    }

    // --- shutdown

    /**
     * Stops accepting segments and sends what is queued, returning within the shutdown budget
     * (5 s) whatever X-Ray does, then says what was sent and lost. For a JVM shutdown hook; never throws.
     */
    public void shutdown() {
        if (!shutdown.compareAndSet(false, true)) {
            return;
        }
        try {
            long budget = timing.shutdownBudget.toNanos();
            long deadline = System.nanoTime() + budget;
            // Stop handing over a little before the deadline, so that the joins below see the threads finish.
            deadlineNanos = deadline - Math.min(budget / 10, TimeUnit.MILLISECONDS.toNanos(250));
            queue.close();
            stopping = true;
            queue.wake();
            if (!started.get()) {
                // Never started (the agent's start failed after making it): what was queued is
                // lost, and said, like any other loss.
                long queued = loseQueued("the exporter never started");
                if (queued > 0) {
                    report.atExit(queued, 0);
                }
                return;
            }
            join(drainer, deadline);
            sendersStop = true;
            for (AgentThread sender : senders) {
                join(sender, deadline);
            }
            long unsent = 0;
            List<String> waiting;
            while ((waiting = batches.poll()) != null) {
                unsent += waiting.size();
            }
            counts.inFlight((int) -unsent);
            counts.lost(LossReason.SHUTDOWN, unsent, "not sent by the exit deadline");
            report.atExit(drainer.isAlive() ? queue.size() : 0, counts.inFlight());
            stats.unregister();
            boolean idle = !drainer.isAlive();
            for (AgentThread sender : senders) {
                idle &= !sender.isAlive();
                sender.interrupt();
            }
            if (idle) {
                close();
            }
        } catch (Throwable t) {
            // never into the host's shutdown
        }
    }

    private static void join(Thread thread, long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left > 0) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    private void close() {
        synchronized (transportLock) {
            if (transport != null) {
                transport.close();
            }
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        }
    }

    /** This thread's CPU time, or 0 where the JVM does not measure it. */
    private static long cpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getName() : t.getMessage();
    }
}
