package io.vdobench.conformance.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * Produces the 4 KiB block that a transplant writes over a kernel-written packed block. Slot i of
 * the result must hold the logical block {@code slotData.get(i)}, the data the kernel stored in
 * slot i, so every LBN mapped to the block keeps its meaning.
 *
 * <p>Harness-local implementations live here; the pipeline's packer (v1, LZ4) and its tagged v2
 * writer plug in as further implementations with {@link #fromPipeline()} true. Only those prove
 * the pipeline's formats; the harness-local ones prove the harness and the kernel's behaviour.
 */
public interface BlockRewrite {
    String name();

    /** True only for rewrites produced by the vdobench pipeline's own packer. */
    boolean fromPipeline();

    byte[] rewrite(PackedBlock original, List<byte[]> slotData);

    /**
     * Harness-local reference: re-compresses every slot with lz4-java's LZ4 HC (other settings than
     * the kernel's LZ4_compress_default, so the bytes differ) into a 1.0 block, same slot order.
     */
    static BlockRewrite harnessLz4HcV1() {
        return new BlockRewrite() {
            @Override
            public String name() {
                return "harness-lz4hc-v1.0";
            }

            @Override
            public boolean fromPipeline() {
                return false;
            }

            @Override
            public byte[] rewrite(PackedBlock original, List<byte[]> slotData) {
                LZ4Compressor hc = LZ4Factory.safeInstance().highCompressor(9);
                byte[] block = new byte[PackedBlock.BLOCK];
                ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
                b.putInt(0, 1).putInt(4, 0);
                int off = PackedBlock.HEADER;
                for (int s = 0; s < slotData.size(); s++) {
                    int n = hc.compress(slotData.get(s), 0, PackedBlock.BLOCK, block, off,
                            Math.min(PackedBlock.MAX_FRAGMENT, PackedBlock.BLOCK - off));
                    b.putShort(8 + 2 * s, (short) n);
                    off += n;
                }
                return block;
            }
        };
    }

    /**
     * Harness-local probe of the kernel's version check: the kernel's own block, byte for byte,
     * with the header version changed from 1.0 to 2.0. This is not the pipeline's tagged format;
     * it shows what any non-1.0 block does on a stock kernel.
     */
    static BlockRewrite relabelAsVersion2() {
        return new BlockRewrite() {
            @Override
            public String name() {
                return "harness-relabel-v2.0";
            }

            @Override
            public boolean fromPipeline() {
                return false;
            }

            @Override
            public byte[] rewrite(PackedBlock original, List<byte[]> slotData) {
                byte[] block = original.raw().clone();
                ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 2).putInt(4, 0);
                return block;
            }
        };
    }

    /**
     * Harness-local probe of the kernel's per-slot validation: the kernel's own block with slot
     * {@code k}'s size set to 4060, so slot k ends past the data area and every later slot's running
     * offset reaches 4060. Slots before k must still read; slots k.. must fail.
     */
    static BlockRewrite oversizeSlot(int k) {
        return new BlockRewrite() {
            @Override
            public String name() {
                return "harness-oversize-slot-" + k;
            }

            @Override
            public boolean fromPipeline() {
                return false;
            }

            @Override
            public byte[] rewrite(PackedBlock original, List<byte[]> slotData) {
                if (k <= 0 || k >= original.usedSlots()) {
                    throw new IllegalArgumentException("slot " + k + " must be a used slot after slot 0 of " + original);
                }
                byte[] block = original.raw().clone();
                ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).putShort(8 + 2 * k, (short) PackedBlock.DATA);
                return block;
            }
        };
    }

    /**
     * Harness-local probe of why the tagged format is needed: every slot compressed as raw DEFLATE
     * (JDK zlib, level 6) but stored under the unchanged 1.0 header, as an untagged writer would.
     * Slots that do not fit the data area are left out (the block keeps fewer slots).
     */
    static BlockRewrite deflateUnder10() {
        return new BlockRewrite() {
            @Override
            public String name() {
                return "harness-deflate-in-v1.0";
            }

            @Override
            public boolean fromPipeline() {
                return false;
            }

            @Override
            public byte[] rewrite(PackedBlock original, List<byte[]> slotData) {
                byte[] block = new byte[PackedBlock.BLOCK];
                ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
                b.putInt(0, 1).putInt(4, 0);
                int off = PackedBlock.HEADER;
                try (io.vdobench.codec.JdkZlibCodec zlib = new io.vdobench.codec.JdkZlibCodec(6)) {
                    for (int s = 0; s < slotData.size(); s++) {
                        int n = zlib.compress(slotData.get(s), 0, PackedBlock.BLOCK, block, off,
                                Math.min(PackedBlock.MAX_FRAGMENT, PackedBlock.BLOCK - off));
                        if (n <= 0) {
                            throw new IllegalStateException("DEFLATE of slot " + s + " does not fit in " + original);
                        }
                        b.putShort(8 + 2 * s, (short) n);
                        off += n;
                    }
                }
                return block;
            }
        };
    }
}
