package io.vdobench.vdo.storage;

import io.vdobench.vdo.format.VdoConstants;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The backing storage of a volume: an array of 4 KiB physical blocks addressed by PBN.
 * Implementations are safe for concurrent use on distinct blocks; the volume never reads a block
 * while it is being written.
 */
public interface BlockDevice extends AutoCloseable {
    int BLOCK_SIZE = VdoConstants.BLOCK_SIZE;

    /** Number of 4 KiB blocks. */
    long blockCount();

    /** Reads block {@code pbn} into {@code dst[off, off+4096)}; never-written blocks read as zeros. */
    void read(long pbn, byte[] dst, int off);

    /** Writes {@code src[off, off+4096)} to block {@code pbn}. */
    void write(long pbn, byte[] src, int off);

    /** Makes earlier writes durable. */
    void flush();

    @Override
    void close();

    /** Copies blocks {@code [0, blockCount)} to {@code out} as raw 4 KiB blocks (an image the inspector reads). */
    default void exportTo(WritableByteChannel out) throws IOException {
        byte[] block = new byte[BLOCK_SIZE];
        ByteBuffer bb = ByteBuffer.wrap(block);
        for (long pbn = 0; pbn < blockCount(); pbn++) {
            read(pbn, block, 0);
            bb.clear();
            while (bb.hasRemaining()) {
                out.write(bb);
            }
        }
    }

    /** Writes the whole device to a new file. */
    default void exportTo(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            exportTo(ch);
        }
    }

    /** @throws IllegalArgumentException for a PBN outside the device */
    default void checkPbn(long pbn) {
        if (pbn < 0 || pbn >= blockCount()) {
            throw new IllegalArgumentException("PBN " + pbn + " outside 0.." + (blockCount() - 1));
        }
    }
}
