package io.vdobench.nbd;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * In-memory {@link NbdBackend}: a sparse map of 4 KiB blocks, for tests and for serving raw
 * (non-VDO) storage. Unwritten and trimmed blocks read as zeroes.
 *
 * <p>Each write installs a fresh block array instead of mutating the stored one, so a concurrent
 * reader sees either the whole old block or the whole new block, never a torn mix.
 */
public final class MemoryNbdBackend implements NbdBackend {
    private final long sizeBytes;
    private final int blockSize;
    private final ConcurrentHashMap<Long, byte[]> blocks = new ConcurrentHashMap<>();
    private final LongAdder blocksRead = new LongAdder();
    private final LongAdder blocksWritten = new LongAdder();
    private final LongAdder blocksTrimmed = new LongAdder();
    private final LongAdder flushes = new LongAdder();

    public MemoryNbdBackend(long sizeBytes) {
        this(sizeBytes, VDO_BLOCK_SIZE);
    }

    public MemoryNbdBackend(long sizeBytes, int blockSize) {
        if (blockSize < 512 || blockSize > 65536 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("block size must be a power of two in [512, 65536]: " + blockSize);
        }
        if (sizeBytes <= 0 || sizeBytes % blockSize != 0) {
            throw new IllegalArgumentException("size must be a positive multiple of " + blockSize + ": " + sizeBytes);
        }
        this.sizeBytes = sizeBytes;
        this.blockSize = blockSize;
    }

    @Override
    public long sizeBytes() {
        return sizeBytes;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public void read(long offset, byte[] dst, int off, int len) {
        checkRange(offset, len);
        Objects.checkFromIndexSize(off, len, dst.length);
        for (int done = 0; done < len; done += blockSize) {
            byte[] block = blocks.get((offset + done) / blockSize);
            if (block == null) {
                Arrays.fill(dst, off + done, off + done + blockSize, (byte) 0);
            } else {
                System.arraycopy(block, 0, dst, off + done, blockSize);
            }
        }
        blocksRead.add(len / blockSize);
    }

    @Override
    public void write(long offset, byte[] src, int off, int len) {
        checkRange(offset, len);
        Objects.checkFromIndexSize(off, len, src.length);
        for (int done = 0; done < len; done += blockSize) {
            blocks.put((offset + done) / blockSize, Arrays.copyOfRange(src, off + done, off + done + blockSize));
        }
        blocksWritten.add(len / blockSize);
    }

    @Override
    public void flush() {
        flushes.increment(); // memory is the storage: nothing to make durable
    }

    @Override
    public void trim(long offset, long len) {
        checkRange(offset, len);
        for (long lbn = offset / blockSize, end = (offset + len) / blockSize; lbn < end; lbn++) {
            blocks.remove(lbn);
        }
        blocksTrimmed.add(len / blockSize);
    }

    /** Number of blocks currently holding data. */
    public long storedBlocks() {
        return blocks.size();
    }

    @Override
    public String statistics() {
        return "backend                  : memory (raw, no compression)\n"
                + "logical blocks           : " + sizeBytes / blockSize + "\n"
                + "block size               : " + blockSize + "\n"
                + "blocks stored            : " + blocks.size() + "\n"
                + "blocks read              : " + blocksRead.sum() + "\n"
                + "blocks written           : " + blocksWritten.sum() + "\n"
                + "blocks trimmed           : " + blocksTrimmed.sum() + "\n"
                + "flushes                  : " + flushes.sum() + "\n";
    }

    private void checkRange(long offset, long len) {
        if (offset < 0 || len < 0 || offset % blockSize != 0 || len % blockSize != 0
                || offset > sizeBytes - len) {
            throw new IllegalArgumentException(
                    "unaligned or out-of-range request: offset=" + offset + " len=" + len + " size=" + sizeBytes);
        }
    }
}
