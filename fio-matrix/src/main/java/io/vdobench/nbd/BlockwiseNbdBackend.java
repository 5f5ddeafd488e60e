package io.vdobench.nbd;

import java.io.IOException;

/**
 * Base for backends that work one 4 KiB logical block at a time (a VDO volume: one data_vio per
 * block). It splits every aligned request into per-block calls, so an adapter implements only the
 * block operations below plus {@link #flush()} and {@link #statistics()}.
 *
 * <p>Thread-safety is the subclass's business (see {@link NbdBackend}); wrap a single-threaded
 * volume in {@link SynchronizedNbdBackend}.
 */
public abstract class BlockwiseNbdBackend implements NbdBackend {
    private final long logicalBlocks;

    protected BlockwiseNbdBackend(long logicalBlocks) {
        if (logicalBlocks <= 0 || logicalBlocks > Long.MAX_VALUE / VDO_BLOCK_SIZE) {
            throw new IllegalArgumentException("logical block count out of range: " + logicalBlocks);
        }
        this.logicalBlocks = logicalBlocks;
    }

    /** Reads logical block {@code lbn} into {@code dst[off..off+4096)}. */
    protected abstract void readBlock(long lbn, byte[] dst, int off) throws IOException;

    /** Writes {@code src[off..off+4096)} to logical block {@code lbn}. */
    protected abstract void writeBlock(long lbn, byte[] src, int off) throws IOException;

    /** Discards logical block {@code lbn} (VDO: map it to the zero block). */
    protected abstract void trimBlock(long lbn) throws IOException;

    @Override
    public final long sizeBytes() {
        return logicalBlocks * VDO_BLOCK_SIZE;
    }

    @Override
    public final int blockSize() {
        return VDO_BLOCK_SIZE;
    }

    @Override
    public final void read(long offset, byte[] dst, int off, int len) throws IOException {
        for (int done = 0; done < len; done += VDO_BLOCK_SIZE) {
            readBlock((offset + done) / VDO_BLOCK_SIZE, dst, off + done);
        }
    }

    @Override
    public final void write(long offset, byte[] src, int off, int len) throws IOException {
        for (int done = 0; done < len; done += VDO_BLOCK_SIZE) {
            writeBlock((offset + done) / VDO_BLOCK_SIZE, src, off + done);
        }
    }

    @Override
    public final void trim(long offset, long len) throws IOException {
        for (long lbn = offset / VDO_BLOCK_SIZE, end = (offset + len) / VDO_BLOCK_SIZE; lbn < end; lbn++) {
            trimBlock(lbn);
        }
    }
}
