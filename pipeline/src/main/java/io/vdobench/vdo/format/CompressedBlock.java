package io.vdobench.vdo.format;

import static io.vdobench.vdo.format.VdoConstants.COMPRESSED_DATA_SIZE;
import static io.vdobench.vdo.format.VdoConstants.COMPRESSED_HEADER_SIZE;
import static io.vdobench.vdo.format.VdoConstants.MAX_COMPRESSION_SLOTS;

import io.vdobench.codec.CompressionAlgorithm;

/**
 * Encoding and validation of the compressed (packed) block header, bit for bit as dm-vdo's
 * packer.c, plus the tagged 2.0 version (see {@code pipeline/FORMAT.md}).
 *
 * <pre>
 * bytes 0..3   major version, u32 LE   (1 = dm-vdo, 2 = tagged)
 * bytes 4..7   minor version, u32 LE   (0)
 * bytes 8..35  14 x u16 LE size fields (1.0: fragment size; 2.0: tag &lt;&lt; 12 | size)
 * bytes 36..   4060-byte data area, fragments back to back in slot order
 * </pre>
 *
 * All methods work on a block at {@code block[off, off+4096)} and allocate nothing.
 */
public final class CompressedBlock {
    private CompressedBlock() {
    }

    /** In a tagged size field, the low 12 bits are the size (max 4095 &gt;= 4059). */
    public static final int TAGGED_SIZE_MASK = 0x0FFF;
    /** In a tagged size field, the tag sits in the high nibble. */
    public static final int TAG_SHIFT = 12;

    /** Writes the version words. */
    public static void setVersion(byte[] block, int off, CompressedBlockVersion version) {
        putU32(block, off, version.major());
        putU32(block, off + 4, version.minor());
    }

    /**
     * Sets the size field of {@code slot}: for 1.0 the plain size (the algorithm must be LZ4), for
     * 2.0 {@code tag << 12 | size}.
     */
    public static void setSlot(byte[] block, int off, CompressedBlockVersion version, int slot, int size,
                               CompressionAlgorithm algorithm) {
        if (slot < 0 || slot >= MAX_COMPRESSION_SLOTS) {
            throw new IllegalArgumentException("slot " + slot + " outside 0..13");
        }
        if (size < 1 || size > VdoConstants.MAX_FRAGMENT_SIZE) {
            throw new IllegalArgumentException("fragment size " + size + " outside 1..4059");
        }
        int field;
        if (version == CompressedBlockVersion.V1_0) {
            if (algorithm != CompressionAlgorithm.LZ4) {
                throw new IllegalArgumentException("a 1.0 compressed block holds only LZ4 fragments, not " + algorithm);
            }
            field = size;
        } else {
            field = algorithm.tag() << TAG_SHIFT | size;
        }
        putU16(block, sizeFieldOffset(off, slot), field);
    }

    /** Zeroes the size fields of slots {@code from..13}, as dm-vdo's write_bin does. */
    public static void clearSlotsFrom(byte[] block, int off, int from) {
        for (int s = from; s < MAX_COMPRESSION_SLOTS; s++) {
            putU16(block, sizeFieldOffset(off, s), 0);
        }
    }

    /** The raw u16 size field of a slot (tag included for 2.0). */
    public static int sizeField(byte[] block, int off, int slot) {
        int p = sizeFieldOffset(off, slot);
        return (block[p] & 0xFF) | (block[p + 1] & 0xFF) << 8;
    }

    public static long major(byte[] block, int off) {
        return getU32(block, off);
    }

    public static long minor(byte[] block, int off) {
        return getU32(block, off + 4);
    }

    /** The version, or null if it is neither exactly 1.0 nor exactly 2.0. */
    public static CompressedBlockVersion version(byte[] block, int off) {
        return CompressedBlockVersion.of(major(block, off), minor(block, off));
    }

    /** The size stored for a slot, given the block's version. */
    public static int slotSize(byte[] block, int off, CompressedBlockVersion version, int slot) {
        int f = sizeField(block, off, slot);
        return version == CompressedBlockVersion.TAGGED_2_0 ? f & TAGGED_SIZE_MASK : f;
    }

    /** The raw tag nibble of a slot of a tagged block (0 = empty). */
    public static int slotTag(byte[] block, int off, int slot) {
        return sizeField(block, off, slot) >>> TAG_SHIFT;
    }

    /**
     * Finds the fragment for a compressed mapping state, applying dm-vdo's checks in dm-vdo's order
     * ({@code vdo_get_compressed_block_fragment}); only the earlier slots' sizes and the requested
     * slot are examined, so a bad later slot does not stop an earlier one from reading.
     * <ol>
     * <li>the mapping state is compressed;</li>
     * <li>the version is exactly 1.0 (or exactly 2.0, the tagged extension);</li>
     * <li>slot = state - 2 &lt; 14;</li>
     * <li>each running sum of the earlier sizes stays &lt; 4060;</li>
     * <li>offset + size &lt;= 4060;</li>
     * <li>tagged blocks only: the slot's tag names a known algorithm (0 = empty slot is invalid).</li>
     * </ol>
     *
     * @throws VdoException with {@link VdoStatus#INVALID_FRAGMENT} on any violation
     */
    public static void locate(byte[] block, int off, int mappingState, FragmentLocation out) {
        int rule = check(block, off, mappingState, out);
        if (rule != 0) {
            throw invalid(describeFailure(rule, block, off, mappingState));
        }
    }

    /**
     * {@link #locate} without an exception: returns 0 and fills {@code out}, or the number (1..6)
     * of the first rule the block breaks. Lets the dedupe verifier reject stale advice without
     * allocating.
     */
    public static int check(byte[] block, int off, int mappingState, FragmentLocation out) {
        if (!MappingState.isCompressed(mappingState)) {
            return 1;
        }
        CompressedBlockVersion version = version(block, off);
        if (version == null) {
            return 2;
        }
        int slot = MappingState.slot(mappingState);
        if (slot >= MAX_COMPRESSION_SLOTS) {
            return 3;
        }
        int offset = 0;
        for (int i = 0; i < slot; i++) {
            offset += slotSize(block, off, version, i);
            if (offset >= COMPRESSED_DATA_SIZE) {
                return 4;
            }
        }
        int size = slotSize(block, off, version, slot);
        if (offset + size > COMPRESSED_DATA_SIZE) {
            return 5;
        }
        CompressionAlgorithm algorithm = CompressionAlgorithm.LZ4;
        if (version == CompressedBlockVersion.TAGGED_2_0) {
            algorithm = algorithmOrNull(slotTag(block, off, slot));
            if (algorithm == null) {
                return 6;
            }
        }
        out.version = version;
        out.slot = slot;
        out.offset = offset;
        out.size = size;
        out.algorithm = algorithm;
        return 0;
    }

    /** The message for a failed rule (recomputes the numbers; only on the error path). */
    private static String describeFailure(int rule, byte[] block, int off, int mappingState) {
        switch (rule) {
            case 1:
                return "mapping state " + mappingState + " is not a compressed state";
            case 2:
                return "compressed block version " + major(block, off) + "." + minor(block, off)
                        + " is not 1.0 (or the tagged 2.0)";
            case 3:
                return "slot " + MappingState.slot(mappingState) + " is not below " + MAX_COMPRESSION_SLOTS;
            default:
                break;
        }
        CompressedBlockVersion version = version(block, off);
        int slot = MappingState.slot(mappingState);
        int offset = 0;
        for (int i = 0; i < slot; i++) {
            offset += slotSize(block, off, version, i);
            if (offset >= COMPRESSED_DATA_SIZE) {
                return "sizes of slots 0.." + i + " sum to " + offset + ", not below " + COMPRESSED_DATA_SIZE;
            }
        }
        int size = slotSize(block, off, version, slot);
        if (rule == 5) {
            return "slot " + slot + " at offset " + offset + " with size " + size + " ends past " + COMPRESSED_DATA_SIZE;
        }
        int tag = slotTag(block, off, slot);
        return tag == 0 ? "slot " + slot + " of the tagged block is empty (tag 0)"
                : "slot " + slot + " has unknown algorithm tag " + tag;
    }

    /** The algorithm for a tag, or null for 0 or an unknown tag. */
    public static CompressionAlgorithm algorithmOrNull(int tag) {
        return tag > 0 && tag < BY_TAG.length ? BY_TAG[tag] : null;
    }

    /** Tag -&gt; algorithm, built once (values() would clone an array per call on the read path). */
    private static final CompressionAlgorithm[] BY_TAG = new CompressionAlgorithm[16];

    static {
        for (CompressionAlgorithm a : CompressionAlgorithm.values()) {
            BY_TAG[a.tag()] = a;
        }
    }

    private static VdoException invalid(String why) {
        return new VdoException(VdoStatus.INVALID_FRAGMENT, why);
    }

    private static int sizeFieldOffset(int off, int slot) {
        return off + 8 + 2 * slot;
    }

    static void putU32(byte[] b, int p, long v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
        b[p + 3] = (byte) (v >>> 24);
    }

    static long getU32(byte[] b, int p) {
        return (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
    }

    static void putU16(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
    }

    /** Unused here but documents the data-area start for readers of this class. */
    public static int dataStart(int off) {
        return off + COMPRESSED_HEADER_SIZE;
    }
}
