package io.telemetryagent.trace;

/**
 * The {@code X-Amzn-Trace-Id} header: {@code Root=...;Parent=...;Sampled=1|0|?;Lineage=...}.
 * Keys come in any order; {@code Self} and unknown keys are ignored; anything malformed or over
 * 256 characters makes the whole header count as absent ({@link #parse} returns null).
 */
public final class TraceHeader {

    public static final String NAME = "X-Amzn-Trace-Id";
    static final int MAX_LENGTH = 256;

    /** The upstream sampling decision. */
    public enum Sampling { SAMPLED, NOT_SAMPLED, REQUESTED, ABSENT }

    private final String root;
    private final String parent;
    private final Sampling sampling;
    private final String lineage;

    TraceHeader(String root, String parent, Sampling sampling, String lineage) {
        this.root = root;
        this.parent = parent;
        this.sampling = sampling;
        this.lineage = lineage;
    }

    public String root() { return root; }
    /** The upstream segment id, or null. */
    public String parent() { return parent; }
    public Sampling sampling() { return sampling; }
    /** Carried through unchanged, or null. */
    public String lineage() { return lineage; }

    /** Parses a header value; null when absent, malformed or too long. */
    public static TraceHeader parse(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return null;
        }
        String root = null;
        String parent = null;
        String lineage = null;
        Sampling sampling = Sampling.ABSENT;
        int length = value.length();
        int start = 0;
        while (start < length) {
            int end = value.indexOf(';', start);
            if (end < 0) {
                end = length;
            }
            int eq = value.indexOf('=', start);
            if (eq < 0 || eq > end) {
                if (!isBlank(value, start, end)) {
                    return null; // a part without a key=value shape
                }
            } else {
                String key = value.substring(start, eq).trim();
                String val = value.substring(eq + 1, end).trim();
                if (key.equals("Root")) {
                    if (root != null || !Ids.isTraceId(val)) {
                        return null;
                    }
                    root = val;
                } else if (key.equals("Parent")) {
                    if (parent != null || !Ids.isSegmentId(val)) {
                        return null;
                    }
                    parent = val;
                } else if (key.equals("Sampled")) {
                    if (val.equals("1")) {
                        sampling = Sampling.SAMPLED;
                    } else if (val.equals("0")) {
                        sampling = Sampling.NOT_SAMPLED;
                    } else if (val.equals("?")) {
                        sampling = Sampling.REQUESTED;
                    } else {
                        return null;
                    }
                } else if (key.equals("Lineage")) {
                    lineage = val;
                }
                // Self (added by load balancers) and unknown keys are accepted and not used.
            }
            start = end + 1;
        }
        if (root == null) {
            return null;
        }
        return new TraceHeader(root, parent, sampling, lineage);
    }

    /** The header sent downstream: {@code Root=..;Parent=..;Sampled=1|0}, plus Lineage if any. */
    public static String format(String root, String parent, boolean sampled, String lineage) {
        StringBuilder b = new StringBuilder(lineage == null ? 72 : 82 + lineage.length());
        b.append("Root=").append(root);
        if (parent != null) {
            b.append(";Parent=").append(parent);
        }
        b.append(";Sampled=").append(sampled ? '1' : '0');
        if (lineage != null) {
            b.append(";Lineage=").append(lineage);
        }
        return b.toString();
    }

    private static boolean isBlank(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != ' ') {
                return false;
            }
        }
        return true;
    }
}
