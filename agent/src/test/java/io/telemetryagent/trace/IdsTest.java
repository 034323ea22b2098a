package io.telemetryagent.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void traceIdCarriesTheEpochSecondInHex() {
        String id = Ids.newTraceId(0x5759e988L);
        assertTrue(id.startsWith("1-5759e988-"), id);
        assertTrue(Ids.isTraceId(id), id);
        assertEquals(35, id.length());
    }

    @Test
    void traceIdsAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(Ids.newTraceId(1_700_000_000L)));
        }
    }

    @Test
    void segmentIdsAreSixteenHexDigits() {
        for (int i = 0; i < 1000; i++) {
            String id = Ids.newSegmentId();
            assertTrue(Ids.isSegmentId(id), id);
            assertEquals(id, id.toLowerCase());
        }
    }

    @Test
    void traceIdsAreUniqueAcrossThreadsAndUseEveryHexDigit() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        assertTrue(seen.add(Ids.newTraceId(1_700_000_000L)));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(20_000, seen.size());
        // 480,000 random hex digits: each of the 16 turns up about 30,000 times.
        int[] counts = new int[16];
        for (String id : seen) {
            for (int i = 11; i < 35; i++) {
                counts[Character.digit(id.charAt(i), 16)]++;
            }
        }
        for (int count : counts) {
            assertTrue(count > 27_000 && count < 33_000, java.util.Arrays.toString(counts));
        }
    }

    @Test
    void theKernelSourceFillsWholeBuffersOrSaysItCannot() {
        assertTrue(Ids.Kernel.fill(new byte[12]), "this machine has /dev/urandom");
        // A source that hands out a few bytes at a time still fills the buffer.
        byte[] data = new byte[40];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        InputStream trickle = new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
        byte[] buffer = new byte[40];
        assertTrue(Ids.Kernel.fill(trickle, buffer));
        assertArrayEquals(data, buffer);
        // No source, one that ends, one that fails: the caller falls back to a DRBG.
        assertFalse(Ids.Kernel.fill(null, new byte[12]));
        assertFalse(Ids.Kernel.fill(new ByteArrayInputStream(new byte[5]), new byte[12]));
        assertFalse(Ids.Kernel.fill(new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("gone");
            }
        }, new byte[12]));
    }
}
