package io.vdobench.vdo.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A fault-injecting block device in the manner of dm-log-writes and CrashMonkey: it serves reads
 * and writes from memory and records every write (with its data) and every flush in order. From
 * any prefix of that log, {@link Replayer#crash} makes the image a power failure at that moment
 * could leave: everything before the prefix's last flush is on the device; each write after it
 * may be lost, written, or torn at 512-byte granularity, in any order.
 */
public final class CrashRecordingDevice implements BlockDevice {
    private static final int SECTOR = 512;
    private static final int SECTORS = BLOCK_SIZE / SECTOR;

    /** A logged write ({@code data} non-null) or flush. */
    public record Op(long pbn, byte[] data) {
        public boolean isFlush() {
            return data == null;
        }
    }

    private final MemoryBlockDevice live;
    private final List<Op> log = new ArrayList<>();

    public CrashRecordingDevice(long blocks) {
        this.live = new MemoryBlockDevice(blocks);
    }

    @Override
    public long blockCount() {
        return live.blockCount();
    }

    @Override
    public void read(long pbn, byte[] dst, int off) {
        live.read(pbn, dst, off);
    }

    @Override
    public synchronized void write(long pbn, byte[] src, int off) {
        live.write(pbn, src, off);
        log.add(new Op(pbn, Arrays.copyOfRange(src, off, off + BLOCK_SIZE)));
    }

    @Override
    public synchronized void flush() {
        log.add(new Op(-1, null));
    }

    @Override
    public void close() {
    }

    /** Operations logged so far (a crash point is any number from 0 to this). */
    public synchronized int logSize() {
        return log.size();
    }

    /** Flushes among the first {@code prefix} operations. */
    public synchronized int flushesBefore(int prefix) {
        int n = 0;
        for (int i = 0; i < prefix; i++) {
            n += log.get(i).isFlush() ? 1 : 0;
        }
        return n;
    }

    /** Makes crash images for crash points in ascending order (the durable part is built up once). */
    public Replayer replayer() {
        return new Replayer();
    }

    public final class Replayer {
        private final Map<Long, byte[]> durable = new HashMap<>();
        /** Log operations already applied to {@link #durable}. */
        private int applied;
        private int lastPrefix;

        /** What the last crash image did with the unflushed writes. */
        public int lost;
        public int written;
        public int torn;

        /**
         * The image of a crash after the first {@code prefix} logged operations: the writes before
         * the last flush in the prefix whole, the later ones each lost, written or torn (a random
         * subset of its sectors), applied in a random order.
         */
        public BlockDevice crash(int prefix, Random rnd) {
            if (prefix < lastPrefix) {
                throw new IllegalArgumentException("crash points must come in ascending order");
            }
            lastPrefix = prefix;
            List<Op> ops;
            synchronized (CrashRecordingDevice.this) {
                ops = new ArrayList<>(log.subList(0, prefix));
            }
            int lastFlush = -1;
            for (int i = ops.size() - 1; i >= 0; i--) {
                if (ops.get(i).isFlush()) {
                    lastFlush = i;
                    break;
                }
            }
            for (; applied <= lastFlush; applied++) {
                Op op = ops.get(applied);
                if (!op.isFlush()) {
                    durable.put(op.pbn(), op.data());
                }
            }
            List<Op> window = new ArrayList<>(ops.subList(lastFlush + 1, ops.size()));
            java.util.Collections.shuffle(window, rnd);
            Map<Long, byte[]> overlay = new HashMap<>();
            lost = written = torn = 0;
            for (Op op : window) {
                int r = rnd.nextInt(3);
                if (r == 0) {
                    lost++;
                    continue;
                }
                if (r == 1) {
                    written++;
                    overlay.put(op.pbn(), op.data());
                    continue;
                }
                torn++;
                byte[] b = overlay.containsKey(op.pbn()) ? overlay.get(op.pbn()).clone() : current(op.pbn());
                for (int s = 0; s < SECTORS; s++) {
                    if (rnd.nextBoolean()) {
                        System.arraycopy(op.data(), s * SECTOR, b, s * SECTOR, SECTOR);
                    }
                }
                overlay.put(op.pbn(), b);
            }
            return new Image(overlay);
        }

        private byte[] current(long pbn) {
            byte[] d = durable.get(pbn);
            return d == null ? new byte[BLOCK_SIZE] : d.clone();
        }

        /** A crashed device: the durable blocks under the crash's overlay; the recovery's writes go to the overlay. */
        private final class Image implements BlockDevice {
            private final Map<Long, byte[]> overlay;

            Image(Map<Long, byte[]> overlay) {
                this.overlay = overlay;
            }

            @Override
            public long blockCount() {
                return live.blockCount();
            }

            @Override
            public synchronized void read(long pbn, byte[] dst, int off) {
                checkPbn(pbn);
                byte[] b = overlay.get(pbn);
                if (b == null) {
                    b = durable.get(pbn);
                }
                if (b == null) {
                    Arrays.fill(dst, off, off + BLOCK_SIZE, (byte) 0);
                } else {
                    System.arraycopy(b, 0, dst, off, BLOCK_SIZE);
                }
            }

            @Override
            public synchronized void write(long pbn, byte[] src, int off) {
                checkPbn(pbn);
                overlay.put(pbn, Arrays.copyOfRange(src, off, off + BLOCK_SIZE));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        }
    }
}
