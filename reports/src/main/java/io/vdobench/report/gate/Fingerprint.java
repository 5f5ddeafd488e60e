package io.vdobench.report.gate;

import io.vdobench.codec.Codec;
import io.vdobench.data.DataKind;
import io.vdobench.vdo.VdoStatistics;
import io.vdobench.vdo.VdoVolume;
import io.vdobench.vdo.policy.CompressionPolicy;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The machine-independent facts of a codec on a fixed corpus: how many bytes it writes, which
 * bytes (SHA-256 of every output in order), how many blocks did not fit, and whether every block
 * round-trips. None of these depend on machine noise, so the deterministic gate compares them exactly.
 */
public final class Fingerprint {
    /** Block sizes of the fixed corpus: VDO's 4 KiB unit and a large bio. */
    public static final int[] BLOCK_SIZES = {4096, 65536};
    /** Data kinds of the fixed corpus. */
    public static final DataKind[] KINDS = {DataKind.FIO60, DataKind.TEXT, DataKind.RUNS, DataKind.ZEROS, DataKind.RANDOM};
    /** Total bytes per (kind, size) cell. */
    public static final int CELL_BYTES = 256 * 1024;
    /** dm-vdo's fragment cap, applied to 4 KiB blocks; larger blocks may use their own length. */
    public static final int VDO_MAX_FRAGMENT = 4059;

    /** One row of the fingerprint. */
    public record Row(String subject, String version, String kind, int blockSize, int blocks, long compressedBytes,
                      int doesNotFit, String sha256, boolean roundTrip, String packing) {
        /** A codec row: no packing facts. */
        public Row(String subject, String version, String kind, int blockSize, int blocks, long compressedBytes,
                   int doesNotFit, String sha256, boolean roundTrip) {
            this(subject, version, kind, blockSize, blocks, compressedBytes, doesNotFit, sha256, roundTrip, "");
        }

        public String key() {
            return subject + "|" + kind + "|" + blockSize;
        }

        /** Everything the gate compares exactly (the version is compared separately). */
        public String facts() {
            return blocks + "/" + compressedBytes + "/" + doesNotFit + "/" + sha256 + "/" + roundTrip + "/" + packing;
        }
    }

    private Fingerprint() {
    }

    /** Fingerprints one available codec over the fixed corpus. */
    public static List<Row> of(Codec codec) {
        List<Row> rows = new ArrayList<>();
        for (DataKind kind : KINDS) {
            for (int size : BLOCK_SIZES) {
                rows.add(cell(codec, kind, size));
            }
        }
        return rows;
    }

    /** Blocks written through the pipeline per data kind: enough for every packer bin to fill and flush. */
    public static final int PIPELINE_BLOCKS = 1024;

    /**
     * The packing facts of a VDO volume with {@code policy} over the fixed corpus (4 KiB writes, one
     * thread, so the packer's decisions are deterministic): fragments written, packed blocks, the
     * fragments-per-packed-block histogram, data blocks used; and every block read back.
     */
    public static List<Row> ofPipeline(String policyName, CompressionPolicy policy) {
        List<Row> rows = new ArrayList<>();
        String version = policy.codecs().stream().map(c -> c.id() + " " + c.info().version())
                .collect(java.util.stream.Collectors.joining("; "));
        for (DataKind kind : new DataKind[] {DataKind.FIO60, DataKind.TEXT, DataKind.FIO90}) {
            try (VdoVolume v = VdoVolume.builder().logicalBlocks(PIPELINE_BLOCKS).policy(policy).build()) {
                byte[] buf = new byte[4096];
                for (int lbn = 0; lbn < PIPELINE_BLOCKS; lbn++) {
                    kind.fill(buf, 0, 4096, 2000L + lbn);
                    v.write(lbn, buf, 0, 4096);
                }
                v.flush();
                boolean ok = true;
                byte[] back = new byte[4096];
                for (int lbn = 0; lbn < PIPELINE_BLOCKS; lbn++) {
                    kind.fill(buf, 0, 4096, 2000L + lbn);
                    v.read(lbn, back, 0, 4096);
                    ok &= Arrays.equals(buf, back);
                }
                VdoStatistics st = v.statistics();
                StringBuilder hist = new StringBuilder();
                long[] h = st.fragmentsPerPackedBlock();
                for (int n = 0; n < h.length; n++) {
                    if (h[n] > 0) {
                        hist.append(hist.isEmpty() ? "" : " ").append(n).append('x').append(h[n]);
                    }
                }
                String packing = "fragments=" + st.compressedFragmentsWritten() + " packed=" + st.packedBlocksWritten()
                        + " data_blocks=" + st.dataBlocksUsed() + " per_block=[" + hist + "] paths="
                        + new java.util.TreeMap<>(st.fragmentsByAlgorithmPath());
                rows.add(new Row("pipeline:" + policyName, version, kind.name(), 4096, PIPELINE_BLOCKS,
                        st.compressedBytes(), (int) st.notCompressible(), "", ok, packing));
            }
        }
        return rows;
    }

    private static Row cell(Codec codec, DataKind kind, int size) {
        MessageDigest sha = sha256();
        int blocks = CELL_BYTES / size;
        byte[] src = new byte[size];
        byte[] dst = new byte[size];
        byte[] back = new byte[size];
        long total = 0;
        int dnf = 0;
        boolean ok = true;
        int cap = size == 4096 ? VDO_MAX_FRAGMENT : size - 1;
        for (int b = 0; b < blocks; b++) {
            kind.fill(src, 0, size, 1000L + b); // fixed seeds: the corpus never changes
            int n = codec.compress(src, 0, size, dst, 0, cap);
            if (n == Codec.DOES_NOT_FIT) {
                dnf++;
                sha.update((byte) 0xff);
                continue;
            }
            total += n;
            sha.update(dst, 0, n);
            try {
                codec.decompress(dst, 0, n, back, 0, size);
                ok &= Arrays.equals(src, back);
            } catch (RuntimeException e) {
                ok = false;
            }
        }
        return new Row(codec.id(), codec.info().version(), kind.name(), size, blocks, total, dnf,
                HexFormat.of().formatHex(sha.digest()), ok);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
