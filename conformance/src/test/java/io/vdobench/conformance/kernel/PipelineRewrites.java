package io.vdobench.conformance.kernel;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.JdkZlibCodec;
import io.vdobench.codec.Lz4JavaCodec;
import io.vdobench.vdo.format.CompressedBlock;
import io.vdobench.vdo.format.CompressedBlockVersion;
import io.vdobench.vdo.format.VdoConstants;
import io.vdobench.vdo.packer.CompressedBlockFormat;
import io.vdobench.vdo.packer.Packer;
import io.vdobench.vdo.packer.PackerBatch;
import io.vdobench.vdo.packer.PackerEntry;
import java.util.List;

/**
 * {@link BlockRewrite}s made by the vdobench pipeline itself: the fragments come from the pipeline's
 * codecs ({@link Lz4JavaCodec}, {@link JdkZlibCodec}) compressing straight into a
 * {@link PackerEntry}'s block buffer at byte 36, and the block is assembled by the pipeline's
 * {@link Packer} ({@code write_bin}: header version, slot fields, fragment copies, zeroed unused slots).
 * Nothing here writes header bytes by hand.
 *
 * <p>To keep the kernel's slot numbering (every LBN's mapping state names its slot), the slots are
 * fed to a one-bin packer in reverse: dm-vdo's {@code write_bin} makes the last fragment added the
 * agent in slot 0 and puts the others in reverse arrival order, so adding slot n-1 first and slot 0
 * last yields slots 0..n-1 in the original order. The rewrite checks that it did.
 */
final class PipelineRewrites {
    private PipelineRewrites() {
    }

    /** lz4-java as the pipeline's inspector picks it: the JNI instance if it loads, else pure Java. */
    static Lz4JavaCodec lz4() {
        Lz4JavaCodec jni = new Lz4JavaCodec(Lz4JavaCodec.Impl.JNI);
        if (jni.info().available()) {
            return jni;
        }
        jni.close();
        return new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA);
    }

    /** dm-vdo's own 1.0 block (CompressedBlockFormat.AUTO with all-LZ4 fragments), every slot LZ4. */
    static BlockRewrite packerV1(Codec lz4) {
        return new BlockRewrite() {
            @Override
            public String name() {
                return "pipeline-packer-v1.0 (" + lz4.info().id() + ")";
            }

            @Override
            public boolean fromPipeline() {
                return true;
            }

            @Override
            public byte[] rewrite(PackedBlock original, List<byte[]> slotData) {
                CompressionAlgorithm[] algs = new CompressionAlgorithm[slotData.size()];
                java.util.Arrays.fill(algs, CompressionAlgorithm.LZ4);
                byte[] block = pack(original, slotData, algs, lz4, null, CompressedBlockFormat.AUTO);
                if (CompressedBlock.version(block, 0) != CompressedBlockVersion.V1_0) {
                    throw new IllegalStateException("the packer did not write a 1.0 block for all-LZ4 fragments");
                }
                return block;
            }
        };
    }

    /**
     * The tagged 2.0 block (CompressedBlockFormat.TAGGED) with mixed tags: even slots LZ4 (tag 1),
     * odd slots raw DEFLATE from the JDK's zlib (tag 3, DEFLATE_CPU: a CPU library wrote it). If the
     * DEFLATE fragments make the slots overflow the 4060-byte data area, DEFLATE slots are turned back
     * to LZ4 from the last one, keeping at least one of each tag.
     */
    static BlockRewrite taggedMixed(Codec lz4, Codec deflate) {
        return new BlockRewrite() {
            @Override
            public String name() {
                return "pipeline-packer-tagged-v2.0 (" + lz4.info().id() + " + " + deflate.info().id() + ")";
            }

            @Override
            public boolean fromPipeline() {
                return true;
            }

            @Override
            public byte[] rewrite(PackedBlock original, List<byte[]> slotData) {
                int n = slotData.size();
                int[] lz4Size = new int[n];
                int[] deflateSize = new int[n];
                byte[] scratch = new byte[VdoConstants.BLOCK_SIZE];
                for (int s = 0; s < n; s++) {
                    lz4Size[s] = lz4.compress(slotData.get(s), 0, VdoConstants.BLOCK_SIZE, scratch, 0,
                            VdoConstants.MAX_FRAGMENT_SIZE);
                    deflateSize[s] = deflate.compress(slotData.get(s), 0, VdoConstants.BLOCK_SIZE, scratch, 0,
                            VdoConstants.MAX_FRAGMENT_SIZE);
                }
                CompressionAlgorithm[] algs = new CompressionAlgorithm[n];
                long total = 0;
                for (int s = 0; s < n; s++) {
                    boolean useDeflate = s % 2 == 1 && deflateSize[s] > 0;
                    algs[s] = useDeflate ? CompressionAlgorithm.DEFLATE_CPU : CompressionAlgorithm.LZ4;
                    total += useDeflate ? deflateSize[s] : lz4Size[s];
                }
                for (int s = n - 1; s > 1 && total > VdoConstants.COMPRESSED_DATA_SIZE; s--) {
                    if (algs[s] == CompressionAlgorithm.DEFLATE_CPU) {
                        algs[s] = CompressionAlgorithm.LZ4;
                        total += lz4Size[s] - deflateSize[s];
                    }
                }
                byte[] block = pack(original, slotData, algs, lz4, deflate, CompressedBlockFormat.TAGGED);
                if (CompressedBlock.version(block, 0) != CompressedBlockVersion.TAGGED_2_0) {
                    throw new IllegalStateException("the packer did not write a tagged 2.0 block");
                }
                boolean hasLz4 = false;
                boolean hasDeflate = false;
                for (int s = 0; s < n; s++) {
                    int tag = CompressedBlock.slotTag(block, 0, s);
                    hasLz4 |= tag == CompressionAlgorithm.LZ4.tag();
                    hasDeflate |= tag == CompressionAlgorithm.DEFLATE_CPU.tag();
                }
                if (!hasLz4 || !hasDeflate) {
                    throw new IllegalStateException("tagged block of " + original + " does not mix LZ4 and DEFLATE tags");
                }
                return block;
            }
        };
    }

    /**
     * Compresses slot s with {@code algs[s]} into its own PackerEntry and packs the entries through
     * a one-bin {@link Packer}, slot n-1 first; returns a copy of the batch's block.
     */
    static byte[] pack(PackedBlock original, List<byte[]> slotData, CompressionAlgorithm[] algs, Codec lz4,
                       Codec deflate, CompressedBlockFormat format) {
        int n = slotData.size();
        if (n < 2) {
            throw new IllegalArgumentException("a packed block holds at least two fragments: " + original);
        }
        Packer packer = new Packer(1, format);
        PackerBatch batch = new PackerBatch();
        PackerEntry[] entries = new PackerEntry[n];
        boolean written = false;
        for (int s = n - 1; s >= 0; s--) {
            Codec codec = algs[s] == CompressionAlgorithm.LZ4 ? lz4 : deflate;
            PackerEntry e = new PackerEntry();
            int size = codec.compress(slotData.get(s), 0, VdoConstants.BLOCK_SIZE, e.compressedBlock(),
                    VdoConstants.COMPRESSED_HEADER_SIZE, VdoConstants.MAX_FRAGMENT_SIZE);
            if (size == Codec.DOES_NOT_FIT) {
                throw new IllegalStateException(codec.info().id() + " cannot compress slot " + s + " of " + original);
            }
            e.setFragment(size, codec.info().algorithm(), codec.info().path());
            entries[s] = e;
            Packer.Outcome outcome = packer.add(e, batch);
            if (outcome == Packer.Outcome.REJECTED) {
                throw new IllegalStateException("the packer rejected slot " + s + " (" + size + " bytes) of " + original);
            }
            if (outcome == Packer.Outcome.BATCH) {
                // A full bin (14 slots or exactly 4060 bytes) is written by the add of its last fragment.
                if (s != 0) {
                    throw new IllegalStateException("the packer wrote a batch before slot 0 was added (fragments of "
                            + original + " overflow one block)");
                }
                written = true;
            }
        }
        if (!written && !packer.flushNext(batch)) {
            throw new IllegalStateException("the packer holds no batch after adding " + n + " fragments");
        }
        if (batch.count() != n) {
            // The last add overflowed the bin: these fragments need more than 4060 bytes.
            throw new IllegalStateException("the packer's batch holds " + batch.count() + " fragments, not " + n
                    + ": the fragments of " + original + " overflow one block");
        }
        for (int s = 0; s < n; s++) {
            if (batch.member(s) != entries[s]) {
                throw new IllegalStateException("the packer put another fragment in slot " + s);
            }
        }
        return batch.block().clone();
    }
}
