package io.vdobench.vdo.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The volume's super block (device block 0): its configuration and state, as dm-vdo's super block
 * carries the {@code vdo_component} (state, config, nonce) and the layout. Encoded in the first
 * 512-byte sector (as dm-vdo's), little-endian, ending in a CRC-32; see {@code pipeline/FORMAT.md}
 * for the bytes and where they depart from dm-vdo's.
 *
 * @param state         dm-vdo's {@code vdo_state}: {@link #DIRTY} while open, {@link #CLEAN} after a clean close
 * @param nonce         the volume's nonce; every journal block and block map page carries it
 * @param journalStart  the first recovery journal sequence number a replay may use (older blocks are stale)
 * @param recoveries    crash recoveries so far (dm-vdo's {@code complete_recoveries})
 */
public record SuperBlock(int state, long nonce, long logicalBlocks, long physicalBlocks, int slabBlocks,
                         int journalBlocks, long journalStart, long recoveries) {
    /** dm-vdo {@code enum vdo_state} values. */
    public static final int DIRTY = 0;
    public static final int NEW = 1;
    public static final int CLEAN = 2;
    public static final int READ_ONLY_MODE = 3;

    static final byte[] MAGIC = "VDOBENCH".getBytes(StandardCharsets.US_ASCII);
    static final int MAJOR = 1;
    static final int MINOR = 0;
    /** Bytes up to and including the CRC. */
    public static final int ENCODED_SIZE = 8 + 4 + 4 + 4 + 8 + 8 + 8 + 4 + 4 + 8 + 8 + 4;

    public SuperBlock withState(int s) {
        return new SuperBlock(s, nonce, logicalBlocks, physicalBlocks, slabBlocks, journalBlocks, journalStart, recoveries);
    }

    public SuperBlock withJournalStart(long start, long recoveryCount) {
        return new SuperBlock(state, nonce, logicalBlocks, physicalBlocks, slabBlocks, journalBlocks, start, recoveryCount);
    }

    /** Encodes into {@code block[0, 4096)}; bytes after the CRC are zero. */
    public void encode(byte[] block) {
        java.util.Arrays.fill(block, 0, VdoConstants.BLOCK_SIZE, (byte) 0);
        ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(MAJOR).putInt(MINOR).putInt(state).putLong(nonce).putLong(logicalBlocks)
                .putLong(physicalBlocks).putInt(slabBlocks).putInt(journalBlocks).putLong(journalStart)
                .putLong(recoveries);
        b.putInt(crc(block, b.position()));
    }

    /**
     * Decodes block 0 of a device.
     *
     * @throws VdoException {@link VdoStatus#BAD_SUPER_BLOCK} when it is not a super block of this format
     */
    public static SuperBlock decode(byte[] block) {
        ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new VdoException(VdoStatus.BAD_SUPER_BLOCK, "no vdobench volume on the device (block 0 has no "
                    + new String(MAGIC, StandardCharsets.US_ASCII) + " magic); format it first");
        }
        int major = b.getInt();
        int minor = b.getInt();
        if (major != MAJOR || minor != MINOR) {
            throw new VdoException(VdoStatus.BAD_SUPER_BLOCK, "super block version " + major + "." + minor
                    + " is not " + MAJOR + "." + MINOR);
        }
        SuperBlock s = new SuperBlock(b.getInt(), b.getLong(), b.getLong(), b.getLong(), b.getInt(), b.getInt(),
                b.getLong(), b.getLong());
        int stored = b.getInt();
        int computed = crc(block, b.position() - 4);
        if (stored != computed) {
            throw new VdoException(VdoStatus.BAD_SUPER_BLOCK, String.format(
                    "super block checksum mismatch (stored %08x, computed %08x)", stored, computed));
        }
        return s;
    }

    static int crc(byte[] b, int len) {
        CRC32 c = new CRC32();
        c.update(b, 0, len);
        return (int) c.getValue();
    }
}
