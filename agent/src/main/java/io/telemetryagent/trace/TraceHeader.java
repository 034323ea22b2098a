package io.telemetryagent.trace;

/**
 * The {@code X-Amzn-Trace-Id} header: {@code Root=...;Parent=...;Sampled=1|0|?;Lineage=...}.
 * Keys come in any order; {@code Self} and unknown keys are ignored; anything malformed or over
 * 256 characters makes the whole header count as absent ({@link #parse} returns null). Ids in
 * uppercase hex are read in lowercase, the only form X-Ray accepts in a document.
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

    /**
     * Parses a header value; null when absent, malformed or too long. Allocates the result and
     * the strings it keeps, nothing else.
     */
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
                int keyStart = skipSpaces(value, start, eq);
                int keyEnd = trimSpaces(value, keyStart, eq);
                int valStart = skipSpaces(value, eq + 1, end);
                int valEnd = trimSpaces(value, valStart, end);
                if (is(value, keyStart, keyEnd, "Root")) {
                    if (root != null || !Ids.isTraceId(value, valStart, valEnd)) {
                        return null;
                    }
                    root = lowerHex(value, valStart, valEnd);
                } else if (is(value, keyStart, keyEnd, "Parent")) {
                    if (parent != null || !Ids.isSegmentId(value, valStart, valEnd)) {
                        return null;
                    }
                    parent = lowerHex(value, valStart, valEnd);
                } else if (is(value, keyStart, keyEnd, "Sampled")) {
                    char flag = valEnd - valStart == 1 ? value.charAt(valStart) : 'x';
                    if (flag == '1') {
                        sampling = Sampling.SAMPLED;
                    } else if (flag == '0') {
                        sampling = Sampling.NOT_SAMPLED;
                    } else if (flag == '?') {
                        sampling = Sampling.REQUESTED;
                    } else {
                        return null;
                    }
                } else if (is(value, keyStart, keyEnd, "Lineage")) {
                    // Carried downstream as it came, so only if every HTTP client can send it
                    // (Jazzer found non-ASCII ones; the JDK's HttpClient refuses such a header).
                    lineage = isVisibleAscii(value, valStart, valEnd) ? value.substring(valStart, valEnd) : null;
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

    /**
     * The header sent downstream: {@code Root=..;Parent=..;Sampled=1|0}, plus Lineage if any.
     * (Concatenation sizes the string once: its only allocation.)
     */
    public static String format(String root, String parent, boolean sampled, String lineage) {
        char flag = sampled ? '1' : '0';
        if (lineage == null) {
            return parent == null
                    ? "Root=" + root + ";Sampled=" + flag
                    : "Root=" + root + ";Parent=" + parent + ";Sampled=" + flag;
        }
        return parent == null
                ? "Root=" + root + ";Sampled=" + flag + ";Lineage=" + lineage
                : "Root=" + root + ";Parent=" + parent + ";Sampled=" + flag + ";Lineage=" + lineage;
    }

    /**
     * As {@link #format}, with a new random {@code Parent}: the header of a call that records no
     * span (an unsampled trace), whose parent id is needed nowhere else. Spelled straight into
     * the header, so the header string is its one allocation (no id string of its own).
     */
    public static String formatNewParent(String root, boolean sampled, String lineage) {
        String flag = sampled ? ";Sampled=1" : ";Sampled=0";
        int length = ROOT.length() + root.length() + PARENT.length() + 16 + flag.length();
        if (lineage != null || length > MAX_LENGTH) {
            return format(root, Ids.newSegmentId(), sampled, lineage);
        }
        char[] out = Ids.scratch();
        int at = put(out, 0, ROOT);
        at = put(out, at, root);
        at = put(out, at, PARENT);
        Ids.putSegmentId(out, at);
        at = put(out, at + 16, flag);
        return new String(out, 0, at);
    }

    /**
     * {@code s[from, to)} with its hex letters in lowercase: X-Ray refuses a document whose
     * {@code trace_id} or {@code parent_id} has uppercase ones. A copy is made only when needed.
     */
    private static String lowerHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'F') {
                char[] out = new char[to - from];
                s.getChars(from, to, out, 0);
                for (int j = i - from; j < out.length; j++) {
                    char d = out[j];
                    if (d >= 'A' && d <= 'F') {
                        out[j] = (char) (d + ('a' - 'A'));
                    }
                }
                return new String(out);
            }
        }
        return s.substring(from, to);
    }

    private static final String ROOT = "Root=";
    private static final String PARENT = ";Parent=";

    private static int put(char[] out, int at, String s) {
        s.getChars(0, s.length(), out, at);
        return at + s.length();
    }

    private static boolean is(String s, int from, int to, String key) {
        return to - from == key.length() && s.startsWith(key, from);
    }

    /** Skips leading blanks (as {@code trim} would), from {@code from} up to {@code to}. */
    private static int skipSpaces(String s, int from, int to) {
        while (from < to && s.charAt(from) <= ' ') {
            from++;
        }
        return from;
    }

    /** Where {@code s[from, to)} ends once trailing blanks are trimmed. */
    private static int trimSpaces(String s, int from, int to) {
        while (to > from && s.charAt(to - 1) <= ' ') {
            to--;
        }
        return to;
    }

    private static boolean isVisibleAscii(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
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
