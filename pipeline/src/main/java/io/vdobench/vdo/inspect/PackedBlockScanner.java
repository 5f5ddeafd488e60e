package io.vdobench.vdo.inspect;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecException;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.JdkZlibCodec;
import io.vdobench.codec.Lz4JavaCodec;
import io.vdobench.vdo.format.CompressedBlock;
import io.vdobench.vdo.format.CompressedBlockVersion;
import io.vdobench.vdo.format.FragmentLocation;
import io.vdobench.vdo.format.MappingState;
import io.vdobench.vdo.format.VdoConstants;
import io.vdobench.vdo.format.VdoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Scans a file of raw 4 KiB blocks (a VDO backing image, or a dump of packed blocks), recognises
 * packed blocks of either version and decodes every fragment, reporting each one (and carrying on
 * after a fragment that fails).
 *
 * <p>A block is taken for a packed block when (see {@code pipeline/FORMAT.md}, "Recognising packed blocks"):
 * <ol>
 * <li>its version is exactly 1.0 or exactly 2.0;</li>
 * <li>the non-zero size fields form a prefix of at least two slots (slots 0..n-1, n &ge; 2) and every
 *     later field is 0 &mdash; dm-vdo's writer zeroes the unused slots and never writes a block of one;</li>
 * <li>the sizes sum to at most 4060 and each is at most 4059;</li>
 * <li>for 2.0, every used slot carries a known algorithm tag.</li>
 * </ol>
 * The data area's trailing bytes are stale in dm-vdo and are ignored. Raw LZ4 and DEFLATE
 * fragments are decoded by lz4-java and the JDK's zlib (raw inflate, for both DEFLATE tags).
 */
public final class PackedBlockScanner implements AutoCloseable {
    static final byte[] GEOMETRY_MAGIC = "dmvdo001".getBytes(StandardCharsets.US_ASCII);
    private static final int BLOCK = VdoConstants.BLOCK_SIZE;

    private final Codec lz4;
    private final Codec inflate = new JdkZlibCodec(6);

    public PackedBlockScanner() {
        Codec jni = new Lz4JavaCodec(Lz4JavaCodec.Impl.JNI);
        lz4 = jni.info().available() ? jni : new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA);
    }

    /** Scans a file. */
    public ScanSummary scan(Path file, Consumer<FragmentReport> out) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return scan(ch, out);
        }
    }

    /** Scans a channel to its end, handing every fragment to {@code out} as it is decoded. */
    public ScanSummary scan(ReadableByteChannel in, Consumer<FragmentReport> out) throws IOException {
        byte[] block = new byte[BLOCK];
        byte[] plain = new byte[BLOCK];
        ByteBuffer bb = ByteBuffer.wrap(block);
        FragmentLocation loc = new FragmentLocation();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
        long index = 0;
        long trailing = 0;
        boolean geometry = false;
        String geometryVersion = null;
        long v1 = 0;
        long v2 = 0;
        long fragments = 0;
        long failed = 0;
        while (true) {
            bb.clear();
            while (bb.hasRemaining()) {
                if (in.read(bb) < 0) {
                    break;
                }
            }
            if (bb.position() < BLOCK) {
                trailing = bb.position();
                break;
            }
            if (index == 0 && startsWith(block, GEOMETRY_MAGIC)) {
                geometry = true;
                // geometry header after the magic: id u32, version major u32, minor u32, size u64
                geometryVersion = u32(block, 12) + "." + u32(block, 16);
            } else {
                int n = packedSlots(block);
                if (n > 0) {
                    CompressedBlockVersion version = CompressedBlock.version(block, 0);
                    if (version == CompressedBlockVersion.V1_0) {
                        v1++;
                    } else {
                        v2++;
                    }
                    for (int slot = 0; slot < n; slot++) {
                        FragmentReport r = decode(index, slot, version, block, plain, loc, sha);
                        fragments++;
                        if (!r.ok()) {
                            failed++;
                        }
                        out.accept(r);
                    }
                }
            }
            index++;
        }
        return new ScanSummary(index, trailing, geometry, geometryVersion, v1, v2, fragments, failed);
    }

    private FragmentReport decode(long index, int slot, CompressedBlockVersion version, byte[] block, byte[] plain,
                                  FragmentLocation loc, MessageDigest sha) {
        int sizeField = CompressedBlock.slotSize(block, 0, version, slot);
        String alg = version == CompressedBlockVersion.V1_0 ? "LZ4" : algorithmName(CompressedBlock.slotTag(block, 0, slot));
        try {
            CompressedBlock.locate(block, 0, MappingState.compressed(slot), loc);
            Codec c = loc.algorithm() == CompressionAlgorithm.LZ4 ? lz4 : inflate;
            c.decompress(block, loc.blockOffset(), loc.size(), plain, 0, BLOCK);
        } catch (VdoException | CodecException e) {
            return new FragmentReport(index, slot, version.toString(), alg, sizeField, -1, null, e.getMessage());
        }
        String hash = HexFormat.of().formatHex(sha.digest(plain));
        return new FragmentReport(index, slot, version.toString(), alg, sizeField, BLOCK, hash, null);
    }

    /**
     * The number of fragments if the block looks like a packed block (the heuristic above), else 0.
     */
    public static int packedSlots(byte[] block) {
        CompressedBlockVersion version = CompressedBlock.version(block, 0);
        if (version == null) {
            return 0;
        }
        int n = 0;
        while (n < VdoConstants.MAX_COMPRESSION_SLOTS && CompressedBlock.sizeField(block, 0, n) != 0) {
            n++;
        }
        if (n < 2) {
            return 0;
        }
        for (int s = n; s < VdoConstants.MAX_COMPRESSION_SLOTS; s++) {
            if (CompressedBlock.sizeField(block, 0, s) != 0) {
                return 0;
            }
        }
        int sum = 0;
        for (int s = 0; s < n; s++) {
            int size = CompressedBlock.slotSize(block, 0, version, s);
            if (size == 0 || size > VdoConstants.MAX_FRAGMENT_SIZE) {
                return 0;
            }
            if (version == CompressedBlockVersion.TAGGED_2_0
                    && CompressedBlock.algorithmOrNull(CompressedBlock.slotTag(block, 0, s)) == null) {
                return 0;
            }
            sum += size;
        }
        return sum <= VdoConstants.COMPRESSED_DATA_SIZE ? n : 0;
    }

    private static String algorithmName(int tag) {
        CompressionAlgorithm a = CompressedBlock.algorithmOrNull(tag);
        return a == null ? "tag " + tag : a.name();
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        return java.util.Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static long u32(byte[] b, int p) {
        return (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
    }

    @Override
    public void close() {
        inflate.close();
        lz4.close();
    }
}
