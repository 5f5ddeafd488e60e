package io.vdobench.conformance.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Reads a sparse file from its start to its end, byte for byte what {@code read(2)} would return,
 * but serves the holes as zeros without asking the kernel (which zero-fills ~12 GiB of page cache
 * for a VDO backing image: ~30 s here). Lets a sequential reader such as the pipeline's
 * {@code PackedBlockScanner} see the whole image, geometry block and index region included.
 */
final class SparseImageChannel implements ReadableByteChannel {
    private static final byte[] ZEROS = new byte[1 << 16];

    private final FileChannel file;
    private final List<SparseExtents.Extent> extents;
    private final long size;
    private long pos;
    private int next; // first extent whose end is beyond pos

    private SparseImageChannel(FileChannel file, List<SparseExtents.Extent> extents, long size) {
        this.file = file;
        this.extents = extents;
        this.size = size;
    }

    static SparseImageChannel open(Path image) throws IOException {
        List<SparseExtents.Extent> extents = SparseExtents.of(image);
        return new SparseImageChannel(FileChannel.open(image, StandardOpenOption.READ), extents, Files.size(image));
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (pos >= size) {
            return -1;
        }
        while (next < extents.size() && extents.get(next).end() <= pos) {
            next++;
        }
        int want = (int) Math.min(dst.remaining(), size - pos);
        if (next < extents.size() && extents.get(next).start() <= pos) {
            // Inside a data extent: the file's own bytes, up to the extent's end.
            int n = (int) Math.min(want, extents.get(next).end() - pos);
            ByteBuffer slice = dst.slice(dst.position(), n);
            int got = 0;
            while (got < n) {
                int r = file.read(slice, pos + got);
                if (r < 0) {
                    break;
                }
                got += r;
            }
            if (got == 0) {
                return -1;
            }
            dst.position(dst.position() + got);
            pos += got;
            return got;
        }
        // In a hole: zeros up to the next extent (or the end of the file).
        long holeEnd = next < extents.size() ? extents.get(next).start() : size;
        int n = (int) Math.min(Math.min(want, holeEnd - pos), ZEROS.length);
        dst.put(ZEROS, 0, n);
        pos += n;
        return n;
    }

    @Override
    public boolean isOpen() {
        return file.isOpen();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
