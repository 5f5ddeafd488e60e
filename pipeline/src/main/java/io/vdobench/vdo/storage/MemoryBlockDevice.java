package io.vdobench.vdo.storage;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * An in-memory device: blocks live in 1 MiB chunks allocated on first write, so a large,
 * sparsely used volume costs only what it holds. The embedded default.
 */
public final class MemoryBlockDevice implements BlockDevice {
    private static final int BLOCKS_PER_CHUNK = 256;
    private final long blockCount;
    private final AtomicReferenceArray<byte[]> chunks;

    public MemoryBlockDevice(long blockCount) {
        if (blockCount < 2) {
            throw new IllegalArgumentException("need at least 2 blocks, got " + blockCount);
        }
        long n = (blockCount + BLOCKS_PER_CHUNK - 1) / BLOCKS_PER_CHUNK;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many blocks for memory: " + blockCount);
        }
        this.blockCount = blockCount;
        this.chunks = new AtomicReferenceArray<>((int) n);
    }

    @Override
    public long blockCount() {
        return blockCount;
    }

    @Override
    public void read(long pbn, byte[] dst, int off) {
        checkPbn(pbn);
        byte[] chunk = chunks.get((int) (pbn / BLOCKS_PER_CHUNK));
        if (chunk == null) {
            java.util.Arrays.fill(dst, off, off + BLOCK_SIZE, (byte) 0);
        } else {
            System.arraycopy(chunk, (int) (pbn % BLOCKS_PER_CHUNK) * BLOCK_SIZE, dst, off, BLOCK_SIZE);
        }
    }

    @Override
    public void write(long pbn, byte[] src, int off) {
        checkPbn(pbn);
        int ci = (int) (pbn / BLOCKS_PER_CHUNK);
        byte[] chunk = chunks.get(ci);
        if (chunk == null) {
            chunks.compareAndSet(ci, null, new byte[BLOCKS_PER_CHUNK * BLOCK_SIZE]);
            chunk = chunks.get(ci);
        }
        System.arraycopy(src, off, chunk, (int) (pbn % BLOCKS_PER_CHUNK) * BLOCK_SIZE, BLOCK_SIZE);
    }

    @Override
    public void flush() {
        // memory is as durable as it gets
    }

    @Override
    public void close() {
        // nothing to release; the chunks go with the object
    }
}
