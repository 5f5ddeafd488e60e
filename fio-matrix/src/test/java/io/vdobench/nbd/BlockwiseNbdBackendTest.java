package io.vdobench.nbd;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The adapter shape a VDO volume plugs into: per-block calls, made thread-safe by a wrapper. */
@Timeout(30)
class BlockwiseNbdBackendTest {

    /** A deliberately non-thread-safe block store standing in for a single-threaded volume. */
    static class HashMapVolume extends BlockwiseNbdBackend {
        final Map<Long, byte[]> blocks = new HashMap<>();
        final List<String> calls = new ArrayList<>();
        int flushes;

        HashMapVolume(long logicalBlocks) {
            super(logicalBlocks);
        }

        @Override
        protected void readBlock(long lbn, byte[] dst, int off) {
            calls.add("R" + lbn);
            byte[] b = blocks.get(lbn);
            if (b == null) {
                Arrays.fill(dst, off, off + 4096, (byte) 0);
            } else {
                System.arraycopy(b, 0, dst, off, 4096);
            }
        }

        @Override
        protected void writeBlock(long lbn, byte[] src, int off) {
            calls.add("W" + lbn);
            blocks.put(lbn, Arrays.copyOfRange(src, off, off + 4096));
        }

        @Override
        protected void trimBlock(long lbn) {
            calls.add("T" + lbn);
            blocks.remove(lbn);
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public String statistics() {
            return "blocks in use : " + blocks.size() + "\n";
        }
    }

    @Test
    void splitsRequestsIntoLogicalBlocks() throws Exception {
        var v = new HashMapVolume(16);
        assertEquals(65536, v.sizeBytes());
        byte[] data = new byte[3 * 4096 + 100];
        new Random(1).nextBytes(data);
        v.write(4096, data, 100, 3 * 4096);
        v.trim(8192, 4096);
        byte[] back = new byte[3 * 4096];
        v.read(4096, back, 0, back.length);
        assertEquals(List.of("W1", "W2", "W3", "T2", "R1", "R2", "R3"), v.calls);
        assertArrayEquals(Arrays.copyOfRange(data, 100, 4196), Arrays.copyOfRange(back, 0, 4096));
        assertArrayEquals(new byte[4096], Arrays.copyOfRange(back, 4096, 8192));
        assertThrows(IllegalArgumentException.class, () -> new HashMapVolume(0));
    }

    @Test
    void aSynchronizedSingleThreadedVolumeServesConcurrentClients() throws Exception {
        var volume = new HashMapVolume(4096); // 16 MiB
        try (var server = NbdServer.startTcp(new SynchronizedNbdBackend(volume), NbdServerConfig.defaults(), 0)) {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<?>> jobs = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    long base = i * (2L << 20);
                    jobs.add(pool.submit(() -> {
                        try (var c = NbdTestClient.connectGo(server.address())) {
                            for (long off = base; off < base + (2L << 20); off += 65536) {
                                assertEquals(0, c.write(off, NbdTransmissionTest.random(65536, off)));
                            }
                            assertEquals(0, c.flush());
                        }
                        return null;
                    }));
                }
                for (Future<?> f : jobs) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            try (var c = NbdTestClient.connectGo(server.address())) {
                for (long off = 0; off < 12L << 20; off += 65536) {
                    assertArrayEquals(NbdTransmissionTest.random(65536, off), c.read(off, 65536).data());
                }
            }
            assertEquals(6, volume.flushes);
            assertTrue(server.statistics().contains("blocks in use : 3072"), server.statistics());
        }
    }
}
