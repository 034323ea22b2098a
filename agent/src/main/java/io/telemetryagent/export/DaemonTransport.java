package io.telemetryagent.export;

import io.telemetryagent.config.DaemonAddress;
import java.util.List;

/**
 * Daemon mode's {@link SegmentTransport}: each document of a batch as one UDP datagram to the
 * X-Ray daemon or a collector ({@link DaemonSender}), with no credentials, region or AWS client.
 * The senders share the one socket, one batch at a time; a datagram takes microseconds.
 */
final class DaemonTransport implements SegmentTransport {

    private final DaemonSender sender;

    DaemonTransport(DaemonAddress address) {
        this.sender = new DaemonSender(address.udpHost(), address.udpPort());
    }

    @Override
    public synchronized Delivery send(List<String> documents) {
        long dropped = sender.dropped();
        for (int i = 0; i < documents.size(); i++) {
            sender.send(documents.get(i));
        }
        // A refusal heard now may be of the batch before's last datagram: counted here, so that
        // sent and lost still add up to every document made.
        int lost = (int) Math.min(documents.size(), sender.dropped() - dropped);
        return lost == 0 ? Delivery.delivered(documents.size())
                : Delivery.partly(documents.size() - lost, lost, LossReason.DAEMON_UNREACHABLE, sender.problem());
    }

    @Override
    public synchronized void close() {
        sender.close();
    }
}
