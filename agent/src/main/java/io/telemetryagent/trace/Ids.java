package io.telemetryagent.trace;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * X-Ray identifiers. Trace ids take their 96 random bits from a secure source (one DRBG per
 * thread, so request threads never contend on a shared lock); segment ids need only be unique.
 */
public final class Ids {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static final int TRACE_RANDOM_BYTES = 12;
    /** Ids' worth of secure random bytes fetched at once: one DRBG call per 64 traces, not per trace. */
    private static final int IDS_PER_REFILL = 64;

    /**
     * Per thread, in one thread-local (a request thread's map stays small, so lookups rarely
     * probe past a collision): the DRBG, drawn on first need, and a buffer of its bytes consumed
     * 12 at a time; and where an id is spelled before it becomes a string, whose copy is then its
     * only allocation.
     */
    private static final class PerThread {
        SecureRandom random;
        final byte[] buffer = new byte[TRACE_RANDOM_BYTES * IDS_PER_REFILL];
        int next = buffer.length;
        final char[] scratch = new char[35];

        int take() {
            if (next == buffer.length) {
                if (random == null) {
                    random = newSecureRandom();
                }
                random.nextBytes(buffer);
                next = 0;
            }
            int at = next;
            next += TRACE_RANDOM_BYTES;
            return at;
        }
    }

    private static final ThreadLocal<PerThread> PER_THREAD = ThreadLocal.withInitial(PerThread::new);

    private Ids() {}

    /** {@code 1-} + 8 hex digits of the epoch second + {@code -} + 24 random hex digits. */
    public static String newTraceId(long epochSecond) {
        PerThread perThread = PER_THREAD.get();
        int at = perThread.take();
        byte[] random = perThread.buffer;
        char[] out = perThread.scratch;
        out[0] = '1';
        out[1] = '-';
        int seconds = (int) epochSecond;
        for (int i = 0; i < 8; i++) {
            out[2 + i] = HEX[(seconds >>> (28 - 4 * i)) & 0xf];
        }
        out[10] = '-';
        for (int i = 0; i < TRACE_RANDOM_BYTES; i++) {
            byte b = random[at + i];
            out[11 + 2 * i] = HEX[(b >> 4) & 0xf];
            out[12 + 2 * i] = HEX[b & 0xf];
        }
        return new String(out, 0, 35);
    }

    /** 16 random hex digits. */
    public static String newSegmentId() {
        long bits = ThreadLocalRandom.current().nextLong();
        char[] out = PER_THREAD.get().scratch;
        for (int i = 15; i >= 0; i--) {
            out[i] = HEX[(int) (bits & 0xf)];
            bits >>>= 4;
        }
        return new String(out, 0, 16);
    }

    static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    /** True for a well-formed X-Ray trace id. */
    public static boolean isTraceId(String s) {
        return isTraceId(s, 0, s.length());
    }

    /** True when {@code s[from, to)} is a well-formed X-Ray trace id. */
    static boolean isTraceId(String s, int from, int to) {
        return to - from == 35 && s.charAt(from) == '1' && s.charAt(from + 1) == '-' && s.charAt(from + 10) == '-'
                && isHex(s, from + 2, from + 10) && isHex(s, from + 11, to);
    }

    /** True for a well-formed segment id. */
    public static boolean isSegmentId(String s) {
        return isSegmentId(s, 0, s.length());
    }

    /** True when {@code s[from, to)} is a well-formed segment id. */
    static boolean isSegmentId(String s, int from, int to) {
        return to - from == 16 && isHex(s, from, to);
    }

    /**
     * Loads and seeds the JDK's security providers and DRBG once, on the calling (agent) thread,
     * so that the host's first traced request does not: some 35 ms on a busy two-core machine.
     */
    public static void warmUp() {
        newSecureRandom().nextInt();
    }

    private static SecureRandom newSecureRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
