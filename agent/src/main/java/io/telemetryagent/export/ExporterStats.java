package io.telemetryagent.export;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/** {@link ExporterMXBean} over the exporter's {@link ExportCounts}; registered from the exporter's thread. */
final class ExporterStats implements ExporterMXBean {

    static final String NAME = "io.telemetryagent:type=Exporter";

    private final ExportCounts counts;
    private final ExportQueue queue;

    ExporterStats(ExportCounts counts, ExportQueue queue) {
        this.counts = counts;
        this.queue = queue;
    }

    private volatile boolean registered;

    /** Registers the MBean; false (and nothing else happens) if JMX is unavailable or the name is taken. */
    boolean register() {
        try {
            ObjectName name = new ObjectName(NAME);
            if (!ManagementFactory.getPlatformMBeanServer().isRegistered(name)) {
                ManagementFactory.getPlatformMBeanServer().registerMBean(this, name);
                registered = true;
                return true;
            }
        } catch (Exception | LinkageError e) {
            // no JMX in this runtime: the counts still reach the log
        }
        return false;
    }

    /** Unregisters the MBean if this one registered it. */
    void unregister() {
        if (!registered) {
            return;
        }
        registered = false;
        try {
            ObjectName name = new ObjectName(NAME);
            if (ManagementFactory.getPlatformMBeanServer().isRegistered(name)) {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            }
        } catch (Exception | LinkageError e) {
            // going away anyway
        }
    }

    @Override public long getSent() { return counts.sent(); }
    @Override public long getQueued() { return queue.size(); }
    @Override public long getInFlight() { return counts.inFlight(); }
    @Override public long getLost() { return counts.lost(); }
    @Override public long getLostQueueFull() { return counts.lost(LossReason.QUEUE_FULL); }
    @Override public long getLostNoCredentials() { return counts.lost(LossReason.NO_CREDENTIALS); }
    @Override public long getLostThrottled() { return counts.lost(LossReason.THROTTLED); }
    @Override public long getLostRetriesExhausted() { return counts.lost(LossReason.FAILED); }
    @Override public long getLostRejected() { return counts.lost(LossReason.REJECTED); }
    @Override public long getLostUnprocessed() { return counts.lost(LossReason.UNPROCESSED); }
    @Override public long getLostUnwritable() { return counts.lost(LossReason.UNWRITABLE); }
    @Override public long getLostDaemonUnreachable() { return counts.lost(LossReason.DAEMON_UNREACHABLE); }
    @Override public long getLostShutdown() { return counts.lost(LossReason.SHUTDOWN); }
}
