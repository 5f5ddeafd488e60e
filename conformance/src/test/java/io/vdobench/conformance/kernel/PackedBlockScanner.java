package io.vdobench.conformance.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds packed blocks in a raw VDO backing image without any help from the pipeline: every 4 KiB
 * block whose header has a plausible slot-size array (see {@link PackedBlock#plausible}) and the
 * wanted major version. The block map cross-check decides which hits are live.
 */
public final class PackedBlockScanner {
    private PackedBlockScanner() {
    }

    /**
     * Packed blocks of version major.* (e.g. 1 for dm-vdo's 1.0 blocks) in the data region of a VDO
     * image (from its geometry block); the UDS index region before it is full of byte patterns that
     * look like plausible headers, so it is never scanned.
     */
    public static List<PackedBlock> scan(Path image, int major) throws IOException {
        return scan(image, major, dataRegionStart(image));
    }

    /**
     * The first block of the data region, from the geometry block (block 0): magic {@code dmvdo001},
     * header {id u32, version u32.u32, size u64}, then release u32, nonce u64, uuid[16],
     * bio_offset u64 (version 5 only), then the region table {id u32, start u64} × 2 (index, data).
     */
    public static long dataRegionStart(Path image) throws IOException {
        byte[] g = readBlock(image, 0);
        if (!new String(g, 0, 8, java.nio.charset.StandardCharsets.US_ASCII).equals("dmvdo001")) {
            throw new IOException(image + " has no VDO geometry block (magic dmvdo001 missing)");
        }
        ByteBuffer b = ByteBuffer.wrap(g).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int major = b.getInt(12);
        int regions = switch (major) {
            case 5 -> 64;
            case 4 -> 56;
            default -> throw new IOException("unknown VDO geometry version " + major + " in " + image);
        };
        int dataId = b.getInt(regions + 12);
        if (b.getInt(regions) != 0 || dataId != 1) {
            throw new IOException("unexpected geometry region ids " + b.getInt(regions) + "," + dataId);
        }
        return b.getLong(regions + 16);
    }

    /** Packed blocks of version major.* at PBN {@code fromPbn} and above. */
    public static List<PackedBlock> scan(Path image, int major, long fromPbn) throws IOException {
        List<PackedBlock> found = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            for (SparseExtents.Extent e : SparseExtents.of(image)) {
                long pos = Math.max(e.start() - (e.start() % PackedBlock.BLOCK), fromPbn * PackedBlock.BLOCK);
                while (pos < e.end()) {
                    buf.clear();
                    // Stay inside this extent: extents can be one block apart, and a read past the end
                    // would report the next extent's blocks twice.
                    long endAligned = ((e.end() + PackedBlock.BLOCK - 1) / PackedBlock.BLOCK) * PackedBlock.BLOCK;
                    buf.limit((int) Math.min(buf.capacity(), endAligned - pos));
                    int n = 0;
                    while (buf.hasRemaining()) {
                        int r = ch.read(buf, pos + n);
                        if (r < 0) {
                            break;
                        }
                        n += r;
                    }
                    byte[] a = buf.array();
                    for (int off = 0; off + PackedBlock.BLOCK <= n; off += PackedBlock.BLOCK) {
                        // Cheap pre-filter on the version words before building a record.
                        if (a[off] == major && a[off + 1] == 0 && a[off + 2] == 0 && a[off + 3] == 0
                                && a[off + 5] == 0 && a[off + 6] == 0 && a[off + 7] == 0) {
                            PackedBlock p = PackedBlock.parse((pos + off) / PackedBlock.BLOCK, a, off);
                            if (p.plausible()) {
                                found.add(p);
                            }
                        }
                    }
                    if (n < PackedBlock.BLOCK) {
                        break;
                    }
                    pos += n - (n % PackedBlock.BLOCK);
                }
            }
        }
        return found;
    }

    /** Reads one 4 KiB block. */
    public static byte[] readBlock(Path image, long pbn) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(PackedBlock.BLOCK);
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            while (b.hasRemaining()) {
                if (ch.read(b, pbn * PackedBlock.BLOCK + b.position()) < 0) {
                    throw new IOException("PBN " + pbn + " is beyond the end of " + image);
                }
            }
        }
        return b.array();
    }

    /** Overwrites one 4 KiB block in place (the transplant step). */
    public static void writeBlock(Path image, long pbn, byte[] block) throws IOException {
        if (block.length != PackedBlock.BLOCK) {
            throw new IllegalArgumentException("a block is 4096 bytes, got " + block.length);
        }
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(block);
            while (b.hasRemaining()) {
                ch.write(b, pbn * PackedBlock.BLOCK + b.position());
            }
            ch.force(true);
        }
    }
}
