package io.vdobench.nbd;

import io.vdobench.codec.Codecs;
import io.vdobench.vdo.VdoVolume;
import io.vdobench.vdo.format.VdoException;
import io.vdobench.vdo.format.VdoStatus;
import io.vdobench.vdo.policy.Policies;
import io.vdobench.vdo.storage.BlockDevice;
import io.vdobench.vdo.storage.FileBlockDevice;
import java.io.IOException;

/**
 * Serves a VDO pipeline volume over NBD. Requests arrive aligned and in range (the server checks),
 * so each maps straight to {@link VdoVolume#write}/{@link VdoVolume#read}, which split them into
 * 4 KiB data_vios as dm-vdo's target does. The volume is thread-safe and its flush drains the
 * packer for every connection, so multi-connection clients are safe.
 */
public final class VdoVolumeNbdBackend implements NbdBackend {
    private static final int BLOCK = NbdBackend.VDO_BLOCK_SIZE;

    private final VdoVolume volume;
    private final Codecs codecs;
    private final String policyName;

    VdoVolumeNbdBackend(VdoVolume volume, Codecs codecs, String policyName) {
        this.volume = volume;
        this.codecs = codecs;
        this.policyName = policyName;
    }

    /**
     * The factory {@code vdobench serve-nbd} uses: a volume with the requested policy, on memory or
     * on a file: formatted there ({@link ServeNbdCommand.Options#format()}) or the one the file holds,
     * reopened (its size from its super block; replayed if it was not closed cleanly).
     */
    public static final ServeNbdCommand.BackendFactory FACTORY = VdoVolumeNbdBackend::open;

    public static VdoVolumeNbdBackend open(ServeNbdCommand.Options o) throws IOException {
        long blocks = o.sizeBytes() / BLOCK;
        Codecs codecs = Codecs.load();
        BlockDevice dev = null;
        try {
            VdoVolume.Builder b = VdoVolume.builder().logicalBlocks(blocks).policy(Policies.create(o.policy(), codecs))
                    .threads(o.threads()).execution(o.execution());
            if (o.storage() != ServeNbdCommand.Storage.FILE) {
                return new VdoVolumeNbdBackend(b.build(), codecs, o.policy());
            }
            if (o.format()) {
                // Physical size as the builder's default for memory (logical + PBN 0 + in-flight allocations), plus the metadata.
                dev = new FileBlockDevice(o.file(), b.deviceBlocks());
                b.storage(dev, true);
                return new VdoVolumeNbdBackend(b.build(), codecs, o.policy());
            }
            dev = new FileBlockDevice(o.file(), java.nio.file.Files.size(o.file()) / BLOCK);
            b.storage(dev, true);
            return new VdoVolumeNbdBackend(b.open(), codecs, o.policy());
        } catch (RuntimeException | IOException e) {
            if (dev != null) {
                dev.close();
            }
            codecs.close();
            throw e;
        }
    }

    public VdoVolume volume() {
        return volume;
    }

    @Override
    public long sizeBytes() {
        return volume.logicalBlocks() * BLOCK;
    }

    @Override
    public void read(long offset, byte[] dst, int off, int len) throws IOException {
        try {
            volume.read(offset / BLOCK, dst, off, len);
        } catch (VdoException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void write(long offset, byte[] src, int off, int len) throws IOException {
        write(offset, src, off, len, false);
    }

    /** dm-vdo's REQ_FUA: the blocks skip the packer and return after their journal commit. */
    @Override
    public void writeFua(long offset, byte[] src, int off, int len) throws IOException {
        write(offset, src, off, len, true);
    }

    private void write(long offset, byte[] src, int off, int len, boolean fua) throws IOException {
        try {
            volume.write(offset / BLOCK, src, off, len, fua);
        } catch (VdoException e) {
            if (e.status() == VdoStatus.NO_SPACE) {
                throw new NbdNoSpaceException(e.getMessage());
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            volume.flush();
        } catch (VdoException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void trim(long offset, long len) throws IOException {
        try {
            volume.discard(offset / BLOCK, len / BLOCK);
        } catch (VdoException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public String statistics() {
        return "policy : " + policyName + " (" + volume.policy().name() + ")\n" + volume.statistics().format();
    }

    @Override
    public void close() throws IOException {
        try {
            volume.close();
        } finally {
            codecs.close();
        }
    }
}
