package io.vdobench.bench;

import io.vdobench.vdo.storage.BlockDevice;
import java.util.Arrays;

/**
 * A device that drops every write and reads zeros: {@link WritePathCostBench}'s {@code dram-discard}
 * footprint uses it to measure what storing packed blocks into DRAM costs (the difference to
 * {@code dram}). Never a volume anyone could read back.
 */
final class DiscardingBlockDevice implements BlockDevice {
    private final long blockCount;

    DiscardingBlockDevice(long blockCount) {
        this.blockCount = blockCount;
    }

    @Override
    public long blockCount() {
        return blockCount;
    }

    @Override
    public void read(long pbn, byte[] dst, int off) {
        checkPbn(pbn);
        Arrays.fill(dst, off, off + BLOCK_SIZE, (byte) 0);
    }

    @Override
    public void write(long pbn, byte[] src, int off) {
        checkPbn(pbn);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
