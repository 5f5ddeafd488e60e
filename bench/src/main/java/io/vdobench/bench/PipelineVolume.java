package io.vdobench.bench;

import io.vdobench.codec.Codec;
import io.vdobench.codec.Codecs;
import io.vdobench.data.FioBufferGenerator;
import io.vdobench.fio.IoPattern;
import io.vdobench.vdo.VdoStatistics;
import io.vdobench.vdo.Execution;
import io.vdobench.vdo.ThreadConfig;
import io.vdobench.vdo.VdoVolume;
import io.vdobench.vdo.policy.FallbackCompressionPolicy;
import io.vdobench.vdo.policy.Policies;
import io.vdobench.fio.PolicyLabels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.HdrHistogram.Histogram;

/**
 * The benchmark's volume and its checks, kept out of the JMH class so the bench methods stay small:
 * builds the pipeline volume with the policy, pre-populates it for read patterns (remembering each
 * LBN's CRC32C), verifies every 4 KiB of every read, samples writes for a read-back check at the
 * end, and writes the trial's {@link Sidecar}.
 */
final class PipelineVolume {
    static final int BLOCK = 4096;
    /** The matrix's job files use randseed=24301 (0x5eed), so offsets and data repeat run to run. */
    static final long RANDSEED = 24301;
    /** fio buffer_compress_percentage=60, buffer_compress_chunk=512, refill_buffers. */
    static final FioBufferGenerator.Options DATA = FioBufferGenerator.Options.compress(60);
    /** System property naming the side-file directory; without it no side file is written. */
    static final String SIDECAR_DIR = "vdobench.sidecar.dir";
    /**
     * Test hook: when "true", every expected read checksum is flipped after population, so the
     * first verified read must fail the run (proves the check is live).
     */
    static final String CORRUPT_EXPECTED_HOOK = "vdobench.bench.corruptExpectedChecksums";
    /** Test hook: when "true", the expected data of each job's last write is altered before the check. */
    static final String CORRUPT_LAST_WRITE_HOOK = "vdobench.bench.corruptLastWrite";
    /** Every n-th write of a job is remembered (CRC32C) for the read-back check at trial end. */
    static final int WRITE_SAMPLE_EVERY = 16;
    static final int WRITE_SAMPLES = 32;

    private final IoPattern pattern;
    private final int blockSize;
    private final String policyName;
    private final int regionMiB;
    private final int threads;
    private final String benchmark;
    private final Codecs codecs;
    private final FallbackCompressionPolicy policy;
    private final VdoVolume volume;
    private final long sliceBlocks;
    private final int[] expectedCrc;
    private final List<JobRecord> jobs = new ArrayList<>();
    private final long populateNanos;
    private final VdoStatistics afterPopulate;
    /** Watching the volume since the first measurement iteration began; null before. */
    private volatile MeasuredWindow.Watch watch;
    private volatile MeasuredWindow measured;
    /**
     * System property: {@code off} keeps dm-vdo's metadata in memory (the model before issue 17), so that
     * {@code scripts/pipeline-ab.sh metadata} can measure what the metadata I/O costs; the matrix never sets it.
     */
    static final String METADATA = "vdobench.metadata";
    /** Where the stage file goes (system property {@link StageSidecar#DIR}), or null: no stage timing. */
    private final String stageDir = System.getProperty(StageSidecar.DIR);
    private final StageWindow stageWindow;
    private final ThreadConfig vdoThreads;

    private PipelineVolume(IoPattern pattern, int blockSize, String policyName, int regionMiB,
                           ThreadConfig vdoThreads, Execution execution, int threads, String benchmark) {
        if (blockSize < BLOCK || blockSize % BLOCK != 0) {
            throw new IllegalArgumentException("blockSize must be a positive multiple of 4096: " + blockSize);
        }
        this.pattern = pattern;
        this.blockSize = blockSize;
        this.policyName = policyName;
        this.regionMiB = regionMiB;
        this.threads = threads;
        this.benchmark = benchmark;
        long regionBlocks = (long) regionMiB * (1 << 20) / BLOCK;
        long perIo = blockSize / BLOCK;
        // Each job's slice holds a whole number of I/Os.
        this.sliceBlocks = regionBlocks / threads / perIo * perIo;
        if (sliceBlocks < perIo) {
            throw new IllegalArgumentException("region of " + regionMiB + " MiB is too small for " + threads
                    + " jobs of " + blockSize + " bytes");
        }
        this.codecs = Codecs.load();
        try {
            // An A/A run's second label (lz4#2) builds the policy it names.
            this.policy = Policies.create(PolicyLabels.policyOf(policyName), codecs);
            this.volume = VdoVolume.builder().logicalBlocks(regionBlocks).policy(policy).threads(vdoThreads)
                    .execution(execution).stageTiming(stageDir != null && !stageDir.isBlank())
                    .metadata(metadataOnDevice()).build();
        } catch (RuntimeException e) {
            codecs.close();
            throw e;
        }
        long t0 = System.nanoTime();
        this.expectedCrc = pattern.isWrite() ? null : populate(sliceBlocks * threads);
        this.populateNanos = System.nanoTime() - t0;
        this.afterPopulate = volume.statistics();
        this.vdoThreads = vdoThreads;
        this.stageWindow = volume.stageTiming() == null ? null : new StageWindow(volume.stageTiming());
    }

    static boolean metadataOnDevice() {
        String v = System.getProperty(METADATA, "on");
        if (!v.equals("on") && !v.equals("off")) {
            throw new IllegalArgumentException("-D" + METADATA + " must be on or off, got '" + v + "'");
        }
        return v.equals("on");
    }

    /** A measurement iteration starts (the first one opens the stage window). */
    void measurementIterationStarts() {
        if (stageWindow != null) {
            stageWindow.measurementStarts();
        }
    }

    /** A measurement iteration ended (the last one closes the stage window). */
    void measurementIterationEnded() {
        if (stageWindow != null) {
            stageWindow.measurementEnds();
        }
    }

    static PipelineVolume open(String pattern, int blockSize, String policy, int regionMiB, String vdoThreads,
                               String execution, int threads, String benchmark) {
        return new PipelineVolume(IoPattern.ofFio(pattern), blockSize, policy, regionMiB,
                ThreadConfig.parse(vdoThreads), Execution.parse(execution), threads, benchmark);
    }

    /** Sequential 128 KiB writes of fio 60 % data over the region (the job files' prefill), flushed. */
    private int[] populate(long blocks) {
        int[] crcs = new int[Math.toIntExact(blocks)];
        int chunkBlocks = 32;
        byte[] buf = new byte[chunkBlocks * BLOCK];
        // A job number no bench job uses, so the prefill's data never equals a job's.
        FioBufferGenerator gen = FioBufferGenerator.forJob(DATA, RANDSEED, 1000);
        CRC32C crc = new CRC32C();
        for (long lbn = 0; lbn < blocks; lbn += chunkBlocks) {
            int n = (int) Math.min(chunkBlocks, blocks - lbn);
            gen.fillBuffer(buf, 0, n * BLOCK, n * BLOCK);
            volume.write(lbn, buf, 0, n * BLOCK);
            for (int i = 0; i < n; i++) {
                crc.reset();
                crc.update(buf, i * BLOCK, BLOCK);
                crcs[(int) lbn + i] = (int) crc.getValue();
            }
        }
        volume.awaitQuiescent(); // the backlog reaches the packer first, or the flush writes it uncompressed
        volume.flush();
        if (Boolean.getBoolean(CORRUPT_EXPECTED_HOOK)) {
            for (int i = 0; i < crcs.length; i++) {
                crcs[i] = ~crcs[i];
            }
        }
        return crcs;
    }

    VdoVolume volume() {
        return volume;
    }

    boolean isWrite() {
        return pattern.isWrite();
    }

    boolean isRandom() {
        return pattern.isRandom();
    }

    long sliceBlocks() {
        return sliceBlocks;
    }

    /** JMH calls this before each measurement iteration: the watch (re)starts. */
    void measurementStarts() {
        if (watch == null) {
            watch = new MeasuredWindow.Watch(volume);
        }
        watch.iterationStarts();
    }

    /** JMH calls this after each measurement iteration: the window so far. */
    void measurementEnds() {
        if (watch != null) {
            measured = watch.iterationEnds();
        }
    }

    synchronized JobRecord register(int threadIndex, Histogram latency, byte[] jobBuffer) {
        JobRecord r = new JobRecord(threadIndex, latency, sliceBlocks, jobBuffer);
        jobs.add(r);
        return r;
    }

    /** Checks each 4 KiB of a read against the CRC32C stored at population; a mismatch fails the run. */
    void verifyRead(long lbn, byte[] buf, CRC32C crc) {
        for (int i = 0, n = buf.length / BLOCK; i < n; i++) {
            crc.reset();
            crc.update(buf, i * BLOCK, BLOCK);
            int expected = expectedCrc[(int) (lbn + i)];
            if ((int) crc.getValue() != expected) {
                throw new ReadVerificationException(String.format(
                        "read of LBN %d (policy %s, %s bs=%d) returned data with CRC32C %08x, expected %08x",
                        lbn + i, policyName, pattern.fioName(), blockSize, (int) crc.getValue(), expected));
            }
        }
    }

    /** Trial end: flush, read back the sampled writes, take statistics, write the side file, close. */
    void finish() {
        try {
            volume.awaitQuiescent();
            if (stageWindow != null && stageWindow.complete()) {
                StageSidecar.write(Path.of(stageDir), Sidecar.key(benchmark, pattern.fioName(), blockSize, policyName,
                        regionMiB, threads), pattern.fioName(), blockSize, policyName, threads, vdoThreads, stageWindow,
                        volume.statistics());
            }
            volume.flush();
            int verified = verifyWriteSamples();
            VdoStatistics stats = volume.statistics();
            Histogram merged = new Histogram(3);
            for (JobRecord r : jobs) {
                merged.add(r.latency);
            }
            String dir = System.getProperty(SIDECAR_DIR);
            if (dir != null && !dir.isBlank()) {
                Sidecar.write(Path.of(dir), new Sidecar(benchmark, pattern.fioName(), blockSize, policyName,
                        regionMiB, threads, preferredCodec(), stats, afterPopulate, merged,
                        pattern.isWrite() ? 0 : countReadBlocks(), verified, populateNanos, measured));
            }
        } finally {
            volume.close();
            codecs.close();
        }
    }

    private long countReadBlocks() {
        return volume.statistics().blockReads();
    }

    private Codec preferredCodec() {
        return policy.preferred();
    }

    /**
     * Reads back each job's last write (its buffer still holds that data) and every sampled write
     * whose blocks no later write of the same job replaced.
     */
    private int verifyWriteSamples() {
        int verified = 0;
        CRC32C crc = new CRC32C();
        for (JobRecord r : jobs) {
            if (r.lastLbn >= 0) {
                byte[] back = new byte[r.buffer.length];
                volume.read(r.lastLbn, back, 0, back.length);
                if (Boolean.getBoolean(CORRUPT_LAST_WRITE_HOOK)) {
                    r.buffer[0] ^= 1;
                }
                if (!Arrays.equals(back, r.buffer)) {
                    throw new ReadVerificationException(String.format(
                            "write check: the last write of job %d (LBN %d..%d, policy %s) reads back different data",
                            r.threadIndex, r.lastLbn, r.lastLbn + back.length / BLOCK - 1, policyName));
                }
                verified++;
            }
            for (int s = 0; s < WRITE_SAMPLES; s++) {
                long lbn = r.sampleLbn[s];
                if (lbn < 0 || !r.untouchedSince(s)) {
                    continue;
                }
                byte[] back = new byte[r.sampleLength[s]];
                volume.read(lbn, back, 0, back.length);
                crc.reset();
                crc.update(back, 0, back.length);
                if ((int) crc.getValue() != r.sampleCrc[s]) {
                    throw new ReadVerificationException(String.format(
                            "write check: LBN %d..%d (job %d, policy %s) reads back with CRC32C %08x, wrote %08x",
                            lbn, lbn + back.length / BLOCK - 1, r.threadIndex, policyName, (int) crc.getValue(),
                            r.sampleCrc[s]));
                }
                verified++;
            }
        }
        return verified;
    }

    /** One job's latency histogram and its sampled writes (lbn, length, CRC32C, sequence number). */
    static final class JobRecord {
        final int threadIndex;
        final Histogram latency;
        final long sliceStart;
        final long[] lastWriteSeq;
        final long[] sampleLbn = new long[WRITE_SAMPLES];
        final int[] sampleLength = new int[WRITE_SAMPLES];
        final int[] sampleCrc = new int[WRITE_SAMPLES];
        final long[] sampleSeq = new long[WRITE_SAMPLES];
        final byte[] buffer;
        long writes;
        long lastLbn = -1;

        JobRecord(int threadIndex, Histogram latency, long sliceBlocks, byte[] buffer) {
            this.threadIndex = threadIndex;
            this.buffer = buffer;
            this.latency = latency;
            this.sliceStart = threadIndex * sliceBlocks;
            this.lastWriteSeq = new long[Math.toIntExact(sliceBlocks)];
            Arrays.fill(sampleLbn, -1);
        }

        Histogram latency() {
            return latency;
        }

        /** Called after each completed write: remembers its sequence number, and every n-th its CRC. */
        void wrote(long lbn, byte[] buf, CRC32C crc) {
            long seq = ++writes;
            lastLbn = lbn;
            int first = (int) (lbn - sliceStart);
            for (int i = 0, n = buf.length / BLOCK; i < n; i++) {
                lastWriteSeq[first + i] = seq;
            }
            if (seq % WRITE_SAMPLE_EVERY == 0) {
                int s = (int) ((seq / WRITE_SAMPLE_EVERY) % WRITE_SAMPLES);
                crc.reset();
                crc.update(buf, 0, buf.length);
                sampleLbn[s] = lbn;
                sampleLength[s] = buf.length;
                sampleCrc[s] = (int) crc.getValue();
                sampleSeq[s] = seq;
            }
        }

        boolean untouchedSince(int s) {
            int first = (int) (sampleLbn[s] - sliceStart);
            for (int i = 0, n = sampleLength[s] / BLOCK; i < n; i++) {
                if (lastWriteSeq[first + i] != sampleSeq[s]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A read returned other data than was written: the run must fail. */
    static final class ReadVerificationException extends RuntimeException {
        ReadVerificationException(String message) {
            super(message);
        }
    }
}
