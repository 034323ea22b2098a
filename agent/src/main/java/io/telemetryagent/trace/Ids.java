package io.telemetryagent.trace;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * X-Ray identifiers. Trace ids take their 96 random bits from a secure source: the kernel's
 * ({@code /dev/urandom}, which the JDK's own native generators read too) where there is one,
 * else one DRBG per thread; either way no lock is shared between request threads. Segment ids
 * need only be unique.
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
        /** Where ids, and the headers {@link TraceHeader#formatNewParent} spells, are spelled. */
        final char[] scratch = new char[TraceHeader.MAX_LENGTH];

        int take() {
            if (next == buffer.length) {
                if (random == null && !Kernel.fill(buffer)) {
                    random = newSecureRandom();
                }
                if (random != null) {
                    random.nextBytes(buffer);
                }
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
        char[] out = PER_THREAD.get().scratch;
        putSegmentId(out, 0);
        return new String(out, 0, 16);
    }

    /** Spells a new segment id (16 random hex digits) into {@code out} at {@code at}. */
    static void putSegmentId(char[] out, int at) {
        long bits = ThreadLocalRandom.current().nextLong();
        for (int i = at + 15; i >= at; i--) {
            out[i] = HEX[(int) (bits & 0xf)];
            bits >>>= 4;
        }
    }

    /** This thread's scratch, {@link TraceHeader#MAX_LENGTH} chars: valid until the next id is drawn on it. */
    static char[] scratch() {
        return PER_THREAD.get().scratch;
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
     * Opens the secure source once, on the calling (agent) thread, so that the host's first traced
     * request does not: where there is no kernel source, loading and seeding the JDK's security
     * providers and DRBG took some 35 ms on a busy two-core machine.
     */
    public static void warmUp() {
        if (!Kernel.fill(new byte[TRACE_RANDOM_BYTES])) {
            newSecureRandom().nextInt();
        }
    }

    /**
     * The kernel's generator, read straight from {@code /dev/urandom}: cryptographically secure,
     * never blocking once the system has booted, and without the JDK's security providers, which
     * cost ~20 ms of CPU to set up as the host starts. Concurrent reads need no lock of ours.
     */
    static final class Kernel {
        private static final InputStream SOURCE = open();

        private Kernel() {}

        private static InputStream open() {
            try {
                return new FileInputStream("/dev/urandom");
            } catch (IOException | SecurityException e) {
                return null; // not a Unix: the DRBG it is
            }
        }

        /** Fills {@code buffer} with random bytes; false when there is no kernel source (or it failed). */
        static boolean fill(byte[] buffer) {
            return fill(SOURCE, buffer);
        }

        static boolean fill(InputStream source, byte[] buffer) {
            if (source == null) {
                return false;
            }
            try {
                int at = 0;
                while (at < buffer.length) {
                    int n = source.read(buffer, at, buffer.length - at);
                    if (n < 0) {
                        return false;
                    }
                    at += n;
                }
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    private static SecureRandom newSecureRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
