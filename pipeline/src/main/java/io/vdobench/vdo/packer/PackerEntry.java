package io.vdobench.vdo.packer;

import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.ExecutionPath;
import io.vdobench.vdo.format.VdoConstants;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The compression state of one data_vio ({@code struct compression_state}): its own 4 KiB
 * compressed-block buffer, whose data area already holds its fragment at offset 0 (byte 36 of the
 * block) so that, as in dm-vdo, the agent of a batch needs no copy; and its compression status,
 * dm-vdo's {@code data_vio_compression_status}: a {@link CompressionStage} plus the "may not
 * compress" flag, changed only by compare-and-set so that a cancellation and the packer never
 * both act on one entry ({@code advance_data_vio_compression_stage},
 * {@code cancel_data_vio_compression}).
 */
public class PackerEntry {
    private static final VarHandle STATUS;
    /** The status bit dm-vdo calls {@code may_not_compress}. */
    private static final int MAY_NOT_COMPRESS = 0x100;
    private static final int STAGE_MASK = 0xFF;

    static {
        try {
            STATUS = MethodHandles.lookup().findVarHandle(PackerEntry.class, "status", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final byte[] compressedBlock = new byte[VdoConstants.BLOCK_SIZE];
    private int fragmentSize;
    private CompressionAlgorithm algorithm;
    private ExecutionPath path = ExecutionPath.NONE;
    /** The bin it waits in (or the packer's canceled bin); touched only under the packer's monitor. */
    PackerBin bin;
    int binIndex;
    int slot;
    /** The flush generation it was written in; the packer refuses entries older than its last flush. */
    long flushGeneration;
    @SuppressWarnings("unused") // through STATUS
    private volatile int status;

    /** The block buffer; the fragment goes at {@link VdoConstants#COMPRESSED_HEADER_SIZE}. */
    public final byte[] compressedBlock() {
        return compressedBlock;
    }

    /** Records the fragment the compressor put at byte 36 of {@link #compressedBlock()}. */
    public final void setFragment(int size, CompressionAlgorithm algorithm, ExecutionPath path) {
        if (size < 1 || size > VdoConstants.MAX_FRAGMENT_SIZE) {
            throw new IllegalArgumentException("fragment size " + size + " outside 1..4059");
        }
        this.fragmentSize = size;
        this.algorithm = algorithm;
        this.path = path;
    }

    public final int fragmentSize() {
        return fragmentSize;
    }

    public final CompressionAlgorithm algorithm() {
        return algorithm;
    }

    public final ExecutionPath executionPath() {
        return path;
    }

    /** The slot in the written block (valid once the entry is in a batch). */
    public final int slot() {
        return slot;
    }

    public final long flushGeneration() {
        return flushGeneration;
    }

    public final void setFlushGeneration(long generation) {
        flushGeneration = generation;
    }

    public final CompressionStage stage() {
        return CompressionStage.of((int) STATUS.getVolatile(this) & STAGE_MASK);
    }

    public final boolean mayNotCompress() {
        return ((int) STATUS.getVolatile(this) & MAY_NOT_COMPRESS) != 0;
    }

    /** A new request: {@link CompressionStage#PRE_COMPRESSOR}, compression allowed, in no bin. */
    public final void resetCompression() {
        bin = null;
        fragmentSize = 0;
        STATUS.setVolatile(this, CompressionStage.PRE_COMPRESSOR.ordinal());
    }

    /**
     * {@code advance_data_vio_compression_stage}: the next stage, or {@link CompressionStage#POST_PACKER}
     * straight away when compression was cancelled; returns the stage now set.
     */
    public final CompressionStage advanceCompressionStage() {
        while (true) {
            int s = (int) STATUS.getVolatile(this);
            int stage = s & STAGE_MASK;
            if (stage == CompressionStage.POST_PACKER.ordinal()) {
                return CompressionStage.POST_PACKER;
            }
            int next = (s & MAY_NOT_COMPRESS) != 0 ? CompressionStage.POST_PACKER.ordinal() : stage + 1;
            if (STATUS.compareAndSet(this, s, (s & MAY_NOT_COMPRESS) | next)) {
                return CompressionStage.of(next);
            }
        }
    }

    /**
     * {@code cancel_data_vio_compression}: forbids packing from now on. Returns true only to the one
     * caller that cancelled an entry waiting in a bin; that caller must then ask the packer to
     * remove it ({@link Packer#remove}), which nobody else will do.
     */
    public final boolean cancelCompression() {
        while (true) {
            int s = (int) STATUS.getVolatile(this);
            if ((s & MAY_NOT_COMPRESS) != 0 || (s & STAGE_MASK) == CompressionStage.POST_PACKER.ordinal()) {
                return false;
            }
            if (STATUS.compareAndSet(this, s, s | MAY_NOT_COMPRESS)) {
                return (s & STAGE_MASK) == CompressionStage.PACKING.ordinal();
            }
        }
    }

    /** {@code write_data_vio}'s status change: out of the compression path for good, whatever the stage was. */
    public final void skipCompression() {
        STATUS.setVolatile(this, CompressionStage.POST_PACKER.ordinal() | MAY_NOT_COMPRESS);
    }
}
