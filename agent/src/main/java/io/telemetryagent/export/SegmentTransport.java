package io.telemetryagent.export;

import java.util.List;

/**
 * The step that takes a batch of segment documents off this JVM: X-Ray's API through the AWS
 * SDK ({@link XRayTransport}), or another way beside it (the X-Ray daemon's UDP). Several
 * exporter threads call {@link #send} at once; it never throws and never blocks longer than its
 * own deadline.
 */
public interface SegmentTransport extends AutoCloseable {

    /**
     * Sends {@code documents} (at most {@link XRayExporter#MAX_BATCH}, each at most
     * {@link SegmentWriter#MAX_DOCUMENT_BYTES}) and says what became of them.
     */
    Delivery send(List<String> documents);

    /** Releases connections and threads; never throws. */
    @Override
    void close();
}
