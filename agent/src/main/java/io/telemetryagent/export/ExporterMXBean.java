package io.telemetryagent.export;

/**
 * The exporter's counts while the app runs, as the JMX MBean {@code io.telemetryagent:type=Exporter}
 * (jconsole, VisualVM, a JMX exporter). Every segment made is either sent or lost under one reason,
 * so {@code Sent + Lost + Queued + InFlight} is everything the exporter was given.
 */
public interface ExporterMXBean {

    /** Segment documents X-Ray accepted. */
    long getSent();

    /** Waiting in the hand-off queue now. */
    long getQueued();

    /** Handed to a sender, answer not yet in. */
    long getInFlight();

    /** Lost, all reasons together. */
    long getLost();

    long getLostQueueFull();

    long getLostNoCredentials();

    long getLostThrottled();

    long getLostRetriesExhausted();

    long getLostRejected();

    long getLostUnprocessed();

    long getLostUnwritable();

    /** Daemon mode: not sent, or refused at the daemon's address. */
    long getLostDaemonUnreachable();

    long getLostShutdown();
}
