package io.telemetryagent.export;

/**
 * What became of one batch: how many documents were delivered, and how many were lost, why
 * ({@link LossReason}) and in a few words ("HTTP 403 AccessDeniedException: ...").
 */
public final class Delivery {

    public final int sent;
    public final int lost;
    /** Null when nothing was lost. */
    public final LossReason reason;
    /** For the log; never a secret. Null when nothing was lost. */
    public final String detail;

    private Delivery(int sent, int lost, LossReason reason, String detail) {
        this.sent = sent;
        this.lost = lost;
        this.reason = reason;
        this.detail = detail;
    }

    /** All {@code documents} delivered. */
    public static Delivery delivered(int documents) {
        return new Delivery(documents, 0, null, null);
    }

    /** {@code sent} delivered, {@code lost} not, for {@code reason}. */
    public static Delivery partly(int sent, int lost, LossReason reason, String detail) {
        return new Delivery(sent, lost, lost == 0 ? null : reason, lost == 0 ? null : detail);
    }

    /** Every one of {@code documents} lost for {@code reason}. */
    public static Delivery lost(int documents, LossReason reason, String detail) {
        return new Delivery(0, documents, reason, detail);
    }
}
