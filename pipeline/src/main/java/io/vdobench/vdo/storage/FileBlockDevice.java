package io.vdobench.vdo.storage;

import io.vdobench.vdo.format.VdoException;
import io.vdobench.vdo.format.VdoStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A device backed by a regular file through {@link FileChannel} positional I/O: block {@code pbn}
 * lives at byte {@code pbn * 4096}. A shorter file is extended (sparsely) to the device's length;
 * unwritten blocks read as zeros. For
 * volumes larger than memory. One direct buffer per thread, so the per-block path allocates nothing.
 */
public final class FileBlockDevice implements BlockDevice {
    private final Path path;
    private final long blockCount;
    private final FileChannel channel;
    private final ThreadLocal<ByteBuffer> buffers = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BLOCK_SIZE));

    /** Opens (creating if needed) {@code path} as a device of {@code blockCount} blocks. */
    public FileBlockDevice(Path path, long blockCount) throws IOException {
        if (blockCount < 2) {
            throw new IllegalArgumentException("need at least 2 blocks, got " + blockCount);
        }
        this.path = path;
        this.blockCount = blockCount;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (channel.size() < blockCount * BLOCK_SIZE) {
            // the file has the device's length (sparse), so that it can be reopened at its size
            channel.write(ByteBuffer.wrap(new byte[1]), blockCount * BLOCK_SIZE - 1);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public long blockCount() {
        return blockCount;
    }

    @Override
    public void read(long pbn, byte[] dst, int off) {
        checkPbn(pbn);
        ByteBuffer bb = buffers.get();
        bb.clear();
        try {
            long pos = pbn * BLOCK_SIZE;
            while (bb.hasRemaining()) {
                int n = channel.read(bb, pos + bb.position());
                if (n < 0) {
                    break; // past end of file: the rest of the block reads as zeros
                }
            }
        } catch (IOException e) {
            throw new VdoException(VdoStatus.IO_ERROR, "read of PBN " + pbn + " from " + path + " failed", e);
        }
        int got = bb.position();
        bb.flip();
        bb.get(dst, off, got);
        java.util.Arrays.fill(dst, off + got, off + BLOCK_SIZE, (byte) 0);
    }

    @Override
    public void write(long pbn, byte[] src, int off) {
        checkPbn(pbn);
        ByteBuffer bb = buffers.get();
        bb.clear();
        bb.put(src, off, BLOCK_SIZE).flip();
        try {
            long pos = pbn * BLOCK_SIZE;
            while (bb.hasRemaining()) {
                channel.write(bb, pos + bb.position());
            }
        } catch (IOException e) {
            throw new VdoException(VdoStatus.IO_ERROR, "write of PBN " + pbn + " to " + path + " failed", e);
        }
    }

    @Override
    public void flush() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new VdoException(VdoStatus.IO_ERROR, "flush of " + path + " failed", e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new VdoException(VdoStatus.IO_ERROR, "close of " + path + " failed", e);
        }
    }
}
