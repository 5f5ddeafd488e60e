package io.vdobench.ffm.qpl;

import static io.vdobench.ffm.qpl.QplJobLayout.QPL_DEFAULT_LEVEL;
import static io.vdobench.ffm.qpl.QplJobLayout.QPL_FLAG_DYNAMIC_HUFFMAN;
import static io.vdobench.ffm.qpl.QplJobLayout.QPL_FLAG_FIRST;
import static io.vdobench.ffm.qpl.QplJobLayout.QPL_FLAG_LAST;
import static io.vdobench.ffm.qpl.QplJobLayout.QPL_FLAG_OMIT_VERIFY;
import static io.vdobench.ffm.qpl.QplJobLayout.QPL_HIGH_LEVEL;
import static io.vdobench.ffm.qpl.QplJobLayout.QPL_OP_COMPRESS;
import static io.vdobench.ffm.qpl.QplJobLayout.QPL_OP_DECOMPRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecInfo;
import io.vdobench.codec.CodecUnavailableException;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.ExecutionPath;
import io.vdobench.codec.StatePool;
import io.vdobench.ffm.iaa.AccelConfigLibrary;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.Objects;

/**
 * Raw DEFLATE through Intel QPL ({@code libqpl}) over FFM: IAA on the hardware path, or QPL's
 * software (CPU) path. Every job is a whole stream ({@code QPL_FLAG_FIRST|QPL_FLAG_LAST}) with its
 * own block header (fixed or dynamic Huffman); never zlib/gzip wrapping, canned mode or
 * header-less output, so any inflate can read the result. QPL compresses with a 4 KiB history.
 *
 * <h2>Options</h2>
 * <ul>
 * <li>{@code path}: {@code software}; {@code hardware} (IAA; unavailable, with the init status,
 *     where no IAA work queue can be opened); {@code auto}, resolved <em>once</em> when the codec is
 *     made: a hardware job is tried and, if it does not initialise, software jobs are used. QPL offers
 *     no way to ask which path an {@code auto} job took, so libqpl's own {@code qpl_path_auto} is
 *     never used; {@link CodecInfo#path()} is the path that really runs and
 *     {@link CodecInfo#library()} says what {@code auto} resolved to and why (the variant stays
 *     {@code path=auto}, so a codec id means the same on every machine).</li>
 * <li>{@code huffman}: {@code fixed} (the only mode the kernel's {@code deflate-iaa} uses) or
 *     {@code dynamic} ({@code QPL_FLAG_DYNAMIC_HUFFMAN}, two passes).</li>
 * <li>{@code level}: {@code default} ({@code qpl_default_level} = 1) or {@code high}
 *     ({@code qpl_high_level} = 3). libqpl 1.9.0's software path supports both with either Huffman
 *     mode (checked by the tests: high gives smaller output). libqpl refuses the high level on the
 *     hardware path ({@code QPL_STS_UNSUPPORTED_COMPRESSION_LEVEL}, per its source and tests), so
 *     {@code path=hardware,level=high} is unavailable from construction, with that reason, and
 *     {@code path=auto,level=high} resolves to software; the provider lists neither.</li>
 * <li>{@code verify}: {@code on} (QPL's default, like the kernel's {@code verify_compress=1}: QPL
 *     decompresses its own output before returning) or {@code off} ({@code QPL_FLAG_OMIT_VERIFY}).
 *     Verification is real on the software path too: it roughly doubles a 4 KiB fixed-Huffman
 *     compress there (C timing loop on this machine: 7.0 µs vs 13.2 µs). libqpl 1.9.0's software
 *     verify is broken above 32 KiB (every such job fails with {@code QPL_STS_INTL_VERIFY_ERR (229)},
 *     reproduced in C), so for larger software inputs the codec compresses with
 *     {@code QPL_FLAG_OMIT_VERIFY} and verifies itself: a QPL decompress of the output compared with
 *     the input, the same check at a similar cost.</li>
 * </ul>
 *
 * <h2>Determinism: the job is re-initialised before every compress</h2>
 * Reusing one software-path job, identical input does <em>not</em> always compress to the same bytes:
 * with fixed Huffman at the default level the output depends on what the job compressed before
 * (most likely the match finder's hash table is not cleared between jobs). Measured on libqpl 1.9.0
 * in C: 50 of 50 re-compressions of 4 KiB blocks on a reused job differed in size from a fresh job's
 * output (e.g. 337, 288, 291, 288 bytes for the same block); every output still inflated correctly.
 * Dynamic Huffman and the high level did not show it in the same test. Compressed sizes must be a
 * pure function of the input here (ratio and packing checks are exact gates), so by default every
 * software compress first re-runs {@code qpl_init_job} on the pooled job's memory (QplDeterminismTest
 * fails without it). Cost, C loop over 16 different 4 KiB blocks, verify off: {@code qpl_init_job}
 * alone 4.3 µs; fixed/default 7.0 → 10.5 µs per block (+50 %), fixed/high 75.5 → 80.2 µs (+6 %),
 * dynamic/default 16.9 → 21.7 µs (+28 %), dynamic/high 89.3 → 94.1 µs (+5 %) (a shared, loaded
 * 2-core machine: treat as rough). {@code Options.resetPerBlock=false} skips the reset and shows as
 * {@code reset=none} in the variant. Hardware jobs are not re-initialised: IAA jobs are assumed to
 * carry no history (untested here: no IAA).
 *
 * <h2>Decompression strictness</h2>
 * A fragment is accepted only if it is exactly one complete raw DEFLATE stream (the final block's
 * end-of-block code decoded, nothing after the byte holding its last bit; padding bits in that byte may
 * be anything, as producers differ) that decodes to exactly {@code expectedLength} bytes: what zlib's raw
 * inflate accepts, so the IAA read path (QPL first, zlib as fallback) gives one answer for a block.
 * libqpl 1.9.0's software inflate alone is not that strict (measured with
 * {@code native/src/main/c/qpl_tail_probe.c}, 12 672 cases over QPL, zlib and flushed streams):
 * <ul>
 * <li>It returns {@code QPL_STS_OK} when the input ends before the final EOB code, whatever
 *     {@code decomp_end_processing} asks (the software path ignores the "check" half); with the output
 *     already complete, e.g. a stream cut inside its EOB code, the result is indistinguishable from
 *     success in every public field.</li>
 * <li>{@code total_in} counts what its 64-bit bit buffer loaded, not what it decoded. After a
 *     Huffman-coded final block, 1..5 trailing bytes were always inside {@code total_in} (so
 *     {@code total_in == srcLen} and they passed the old check), 6 in 95 % and 7 in 16 % of cases, 8 or
 *     more never (then {@code total_in} stops up to 7 bytes past the end). After a stored final block
 *     {@code total_in} is exact. {@code last_bit_offset} stays 0 on decompress and {@code available_in} is
 *     just {@code srcLen - total_in}.</li>
 * </ul>
 * So the codec reads two fields of the ISA-L inflate state libqpl keeps inside the job
 * ({@code QplStreamEnd}): {@code block_state == ISAL_BLOCK_FINISH} (the final EOB was decoded) and
 * {@code read_in_length} (bits loaded but not used: the stream ends at bit
 * {@code total_in*8 - read_in_length}). A fragment passes when the block is finished,
 * {@code total_in == srcLen} and fewer than 8 bits were left over. That is exact (it agreed with zlib in
 * every probe case and in QplStreamEndTest, which also covers ISA-L, libdeflate and JDK streams) and
 * costs four loads of native memory, two of them ({@code next_in}, {@code avail_in}) a per-call check
 * that the state is the one of the job just run. Since that state is libqpl-internal, its offsets are proved once per
 * JVM on known streams ({@code QplLibrary.streamEndSupport()}); on a libqpl where the proof fails, the
 * codec checks every fragment with a second, exact zlib decode instead and says so in
 * {@link CodecInfo#library()}. Cost (CodecBench.decompress, 4 KiB FIO60, short runs on the shared
 * machine, two runs each): the state check did not move QPL's fixed/dynamic decompress (before
 * 211.9k/157.5k and 208.6k/154.1k ops/s, after 211.9k/158.3k and 210.2k/154.7k, errors of 4-20 %);
 * the zlib fallback would add a JDK inflate, which alone ran at 111k ops/s, i.e. roughly triple the
 * decompress time.
 * <p>Other rejections: {@code expectedLength} bytes must be produced exactly (more is
 * {@code QPL_STS_MORE_OUTPUT_NEEDED}); distances beyond QPL's 4 KiB history are
 * {@code QPL_STS_BAD_DIST_ERR} (217) by design; ISA-L error codes that libqpl passes through unmapped
 * (e.g. -1, {@code ISAL_INVALID_BLOCK}, for some damaged dynamic headers) are corrupt fragments too.
 * <p>Known leniency left: ISA-L, hence libqpl, does not insist that a dynamic block's distance code is
 * complete (zlib: "invalid distances set"); such a stream decodes if it only uses codes that exist.
 * Found by fuzzing (a one-off run of 24 000 random 1-3 bit flips over all producers: 7 such cases, and
 * no other disagreement with zlib); checking it would mean parsing every block
 * header, which only a full decode can locate.
 * <p>Hardware (IAA) jobs are checked by the exact zlib decode: IAA's end reporting ({@code total_in},
 * truncation) could not be examined here (no IAA), and "as strict as the software path" must not rest
 * on an assumption. The cost is a CPU inflate per decompress (see above), which slows IAA reads in the
 * pipeline and shows in {@link CodecInfo#library()}. On an IAA host, {@code qpl_tail_probe.c} can
 * examine what the hardware reports; where it is exact, a cheaper check can replace this one.
 *
 * <h2>Memory and threads</h2>
 * Thread-safe. Jobs (about 740 KB each on the software path) are pooled in a {@link StatePool}:
 * one per concurrently active thread, each in its own arena, freed by {@code qpl_fini_job} and
 * the arena's close on {@link #close()}. Data is copied into per-job native staging buffers
 * (see {@link QplJob} for why); decompression gives QPL exactly {@code expectedLength} bytes of room
 * and copies back only that many, so nothing outside {@code dst[dstOff, dstOff+expectedLength)} is
 * ever written.
 */
public final class QplCodec implements Codec {
    public enum Huffman { FIXED, DYNAMIC }

    public enum Level { DEFAULT, HIGH }

    /**
     * @param resetPerBlock re-initialise the software job before each compress (deterministic output)
     */
    public record Options(QplPath path, Huffman huffman, Level level, boolean verify, boolean resetPerBlock) {
        public Options {
            Objects.requireNonNull(path);
            Objects.requireNonNull(huffman);
            Objects.requireNonNull(level);
        }

        public static Options of(QplPath path, Huffman huffman, Level level) {
            return new Options(path, huffman, level, true, true);
        }

        /** The variant string, all options spelled out. */
        public String variant() {
            return "path=" + path.label()
                    + ",huffman=" + huffman.name().toLowerCase(Locale.ROOT)
                    + ",level=" + level.name().toLowerCase(Locale.ROOT)
                    + ",verify=" + (verify ? "on" : "off")
                    + (resetPerBlock ? "" : ",reset=none");
        }
    }

    /**
     * Largest input libqpl 1.9.0's software path can verify itself: above it (32 800 bytes already)
     * every compress with verification on fails with {@code QPL_STS_INTL_VERIFY_ERR (229)}, on any data,
     * Huffman mode and level (reproduced in plain C). Larger software inputs are verified by the codec.
     */
    static final int SOFTWARE_VERIFY_LIMIT = 32 * 1024;

    /**
     * Extra room given to libqpl beyond {@code dstCapacity}; the codec enforces the capacity itself.
     * libqpl 1.9.0 (software) fails with MORE_OUTPUT_NEEDED unless it has up to 8 bytes more than the
     * stream it writes, and with dynamic Huffman on large inputs it can even return OK with a
     * {@code total_out} about twice the real size when given less (measured in C; nothing was written
     * past {@code available_out}). With 64 bytes of headroom a tight QPL buffer implies a stream longer
     * than {@code dstCapacity}, so "does not fit" is exact: a stream of exactly the capacity fits.
     */
    static final int OUTPUT_HEADROOM = 64;

    /** ISA-L's inflate error returns (igzip_lib.h), status -1, -2, ... as libqpl may return them. */
    private static final String[] ISAL_INFLATE_ERRORS = {"ISAL_INVALID_BLOCK", "ISAL_INVALID_SYMBOL",
        "ISAL_INVALID_LOOKBACK", "ISAL_INVALID_WRAPPER", "ISAL_UNSUPPORTED_METHOD", "ISAL_INCORRECT_CHECKSUM"};

    private final Options options;
    private final CodecInfo info;
    private final QplLibrary lib;
    private final QplPath jobPath;
    private final int compressFlags;
    private final int level;
    private final boolean reinitBeforeCompress;
    private final EndCheck endCheck;
    private final StatePool<QplJob> jobs;

    /** How a decompress proves its input is exactly one complete stream (see "Decompression strictness"). */
    enum EndCheck {
        /** libqpl's inflate state (QplStreamEnd): exact, four loads. Software path, state layout proved. */
        INFLATE_STATE,
        /**
         * A second, exact decode by zlib: the hardware path (IAA's end reporting could not be examined: no IAA), and
         * the software path on a libqpl whose inflate-state layout is not the known one.
         */
        ZLIB;

        /** The check for jobs on {@code path}; {@code end} is the software path's inflate-state support. */
        static EndCheck of(QplPath path, QplStreamEnd.Support end, boolean forceZlib) {
            return path == QplPath.SOFTWARE && end != null && end.available() && !forceZlib ? INFLATE_STATE : ZLIB;
        }
    }

    /**
     * Why {@code level=high} cannot run on IAA: libqpl refuses {@code qpl_high_level} on the hardware path before
     * submitting (intel/qpl, the compressor's level check, and its deflate bad-argument test that expects this status).
     */
    static final String HIGH_LEVEL_ON_HARDWARE = "level=high is software-only in libqpl: on the hardware path it answers "
            + QplStatus.describe(QplStatus.QPL_STS_UNSUPPORTED_COMPRESSION_LEVEL.code());

    public QplCodec(Options options) {
        this(options, QplLibrary.get());
    }

    QplCodec(Options options, QplLibrary lib) {
        this(options, lib, false);
    }

    /** @param zlibEndCheck use the zlib end check even where the inflate-state check works (tests) */
    QplCodec(Options options, QplLibrary lib, boolean zlibEndCheck) {
        this.options = options;
        this.lib = lib;
        this.level = options.level() == Level.HIGH ? QPL_HIGH_LEVEL : QPL_DEFAULT_LEVEL;
        this.compressFlags = QPL_FLAG_FIRST | QPL_FLAG_LAST
                | (options.huffman() == Huffman.DYNAMIC ? QPL_FLAG_DYNAMIC_HUFFMAN : 0)
                | (options.verify() ? 0 : QPL_FLAG_OMIT_VERIFY);
        String variant = options.variant();
        CodecInfo i;
        QplPath resolved = null;
        EndCheck check = EndCheck.ZLIB;
        if (!lib.isAvailable()) {
            i = CodecInfo.unavailable("qpl", variant, CompressionAlgorithm.DEFLATE_IAA, "libqpl", lib.reason());
        } else if (options.path() == QplPath.HARDWARE && options.level() == Level.HIGH) {
            i = CodecInfo.unavailable("qpl", variant, CompressionAlgorithm.DEFLATE_IAA, lib.description(),
                    "unavailable: " + HIGH_LEVEL_ON_HARDWARE);
        } else {
            String library = lib.description();
            switch (options.path()) {
                case SOFTWARE -> resolved = QplPath.SOFTWARE;
                case HARDWARE, AUTO -> {
                    library += "; " + AccelConfigLibrary.get().describe();
                    QplLibrary.HardwareProbe hw = lib.hardwareProbe();
                    if (options.level() == Level.HIGH) {
                        resolved = QplPath.SOFTWARE; // AUTO only: HARDWARE + HIGH was refused above
                        library += "; auto resolved to software (" + HIGH_LEVEL_ON_HARDWARE + ")";
                    } else if (hw.available()) {
                        resolved = QplPath.HARDWARE;
                        if (options.path() == QplPath.AUTO) {
                            library += "; auto resolved to hardware";
                        }
                    } else if (options.path() == QplPath.AUTO) {
                        resolved = QplPath.SOFTWARE;
                        library += "; auto resolved to software (hardware init: " + lib.hardwareUnavailableReason() + ")";
                    }
                }
            }
            check = EndCheck.of(resolved, resolved == QplPath.SOFTWARE ? lib.streamEndSupport() : null, zlibEndCheck);
            if (resolved == QplPath.SOFTWARE && check == EndCheck.ZLIB && !zlibEndCheck) {
                library += "; decompress end checked by zlib (" + lib.streamEndSupport().reason() + ")";
            } else if (resolved == QplPath.HARDWARE) {
                library += "; decompress end checked by zlib (IAA's end reporting is unverified)";
            }
            if (resolved == null) {
                i = CodecInfo.unavailable("qpl", variant, CompressionAlgorithm.DEFLATE_IAA, library,
                        "unavailable: " + lib.hardwareUnavailableReason());
            } else {
                i = CodecInfo.available("qpl", variant, CompressionAlgorithm.DEFLATE_IAA,
                        resolved == QplPath.HARDWARE ? ExecutionPath.HARDWARE : ExecutionPath.SOFTWARE,
                        library, lib.version());
            }
        }
        this.info = i;
        this.jobPath = resolved;
        this.reinitBeforeCompress = options.resetPerBlock() && resolved == QplPath.SOFTWARE;
        this.endCheck = check;
        this.jobs = resolved == null ? null : new StatePool<>(info.id(), () -> new QplJob(lib, jobPath), QplJob::close);
    }

    @Override
    public CodecInfo info() {
        return info;
    }

    public Options options() {
        return options;
    }

    /** The end-of-stream check decompress uses; for tests. */
    EndCheck endCheck() {
        return endCheck;
    }

    /** Jobs created so far (bounded by peak concurrency); for tests. */
    int jobsCreated() {
        return jobs == null ? 0 : jobs.created();
    }

    @Override
    public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
        Objects.checkFromIndexSize(srcOff, srcLen, src.length);
        Objects.checkFromIndexSize(dstOff, dstCapacity, dst.length);
        if (srcLen == 0) {
            throw new IllegalArgumentException("qpl cannot compress an empty block (libqpl: QPL_STS_SIZE_ERR)");
        }
        QplJob job = acquire();
        try {
            if (dstCapacity == 0) {
                return DOES_NOT_FIT; // libqpl rejects available_out == 0 with QPL_STS_SIZE_ERR
            }
            if (reinitBeforeCompress) {
                job.reinit();
            }
            MemorySegment in = job.in(Math.max(srcLen, dstCapacity + OUTPUT_HEADROOM));
            MemorySegment.copy(src, srcOff, in, JAVA_BYTE, 0, srcLen);
            boolean ownVerify = options.verify() && jobPath == QplPath.SOFTWARE && srcLen > SOFTWARE_VERIFY_LIMIT;
            int flags = ownVerify ? compressFlags | QPL_FLAG_OMIT_VERIFY : compressFlags;
            int st = job.run(QPL_OP_COMPRESS, flags, level, srcLen, dstCapacity + OUTPUT_HEADROOM);
            if (st == QplStatus.QPL_STS_OK.code()) {
                int n = job.totalOut();
                if (n > dstCapacity) {
                    return DOES_NOT_FIT; // also covers the misreported total_out of a tight buffer (see OUTPUT_HEADROOM)
                }
                if (n <= 0) {
                    throw new QplException("qpl compress reported " + n + " output bytes", st);
                }
                if (ownVerify) {
                    verify(job, srcLen, n);
                }
                MemorySegment.copy(job.out(n), JAVA_BYTE, 0, dst, dstOff, n);
                return n;
            }
            if (isOutputFull(st)) {
                return DOES_NOT_FIT;
            }
            throw new QplException(info.id() + " compress of " + srcLen + " bytes", st);
        } finally {
            jobs.release(job);
        }
    }

    /**
     * QPL's verify, done by the codec: decompress the job's output with the same job and compare it with
     * the input, which is what QPL's own verify checks (through CRCs).
     */
    private void verify(QplJob job, int srcLen, int compressedLen) {
        MemorySegment in = job.in(srcLen);
        MemorySegment scratch = job.scratch(srcLen);
        int st = job.run(QPL_OP_DECOMPRESS, QPL_FLAG_FIRST | QPL_FLAG_LAST, 0, job.out(compressedLen), compressedLen, scratch, srcLen);
        if (st != QplStatus.QPL_STS_OK.code() || job.totalOut() != srcLen
                || MemorySegment.mismatch(in, 0, srcLen, scratch, 0, srcLen) != -1) {
            throw new QplException(info.id() + ": verification of the compressed output failed (decompress "
                    + QplStatus.describe(st) + ", " + job.totalOut() + " of " + srcLen + " bytes)",
                    QplStatus.QPL_STS_INTL_VERIFY_ERR.code());
        }
    }

    /** The statuses QPL uses for "the compressed stream does not fit the output buffer". */
    private static boolean isOutputFull(int st) {
        return st == QplStatus.QPL_STS_MORE_OUTPUT_NEEDED.code()
                || st == QplStatus.QPL_STS_DST_IS_SHORT_ERR.code()
                || st == QplStatus.QPL_STS_OUTPUT_OVERFLOW_ERR.code()
                || st == QplStatus.QPL_STS_INTL_OUTPUT_OVERFLOW.code();
    }

    @Override
    public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int expectedLength) {
        Objects.checkFromIndexSize(srcOff, srcLen, src.length);
        Objects.checkFromIndexSize(dstOff, expectedLength, dst.length);
        if (expectedLength == 0) {
            // libqpl "decodes" some invalid streams to 0 bytes with QPL_STS_OK; a fragment is never empty.
            throw new IllegalArgumentException("expectedLength must be positive");
        }
        QplJob job = acquire();
        try {
            MemorySegment in = job.in(Math.max(srcLen, expectedLength));
            MemorySegment.copy(src, srcOff, in, JAVA_BYTE, 0, srcLen);
            int st = job.run(QPL_OP_DECOMPRESS, QPL_FLAG_FIRST | QPL_FLAG_LAST, 0, srcLen, expectedLength);
            if (st != QplStatus.QPL_STS_OK.code()) {
                QplStatus s = QplStatus.of(st);
                if (s != null && s.isStreamError()) {
                    String what = s == QplStatus.QPL_STS_MORE_OUTPUT_NEEDED
                            ? "stream decodes to more than " + expectedLength + " bytes"
                            : s == QplStatus.QPL_STS_MORE_INPUT_NEEDED
                            ? "stream is truncated (" + srcLen + " bytes end before the final block does)"
                            : "malformed stream (" + srcLen + " bytes)";
                    throw new QplCorruptFragmentException("qpl: " + what, st);
                }
                if (st < 0 && st >= -ISAL_INFLATE_ERRORS.length) {
                    // libqpl passes some ISA-L inflate errors through unmapped (isal_to_qpl_status only
                    // translates its emulated hardware codes): e.g. a damaged dynamic header gives -1.
                    throw new QplCorruptFragmentException("qpl: malformed stream (" + srcLen
                            + " bytes; ISA-L " + ISAL_INFLATE_ERRORS[-st - 1] + " passed through libqpl)", st);
                }
                throw new QplException(info.id() + " decompress of " + srcLen + " bytes", st);
            }
            int n = job.totalOut();
            if (n != expectedLength) {
                throw new QplCorruptFragmentException("qpl: stream decodes to " + n + " bytes, expected " + expectedLength, st);
            }
            checkStreamEnd(job, in, src, srcOff, srcLen, expectedLength);
            MemorySegment.copy(job.out(n), JAVA_BYTE, 0, dst, dstOff, n);
        } finally {
            jobs.release(job);
        }
    }

    /**
     * After a decompress that returned OK with exactly {@code expectedLength} bytes: throws unless the
     * input was one complete DEFLATE stream (final block's end-of-block code decoded) with no byte after
     * the one holding its last bit.
     */
    private void checkStreamEnd(QplJob job, MemorySegment in, byte[] src, int srcOff, int srcLen, int expectedLength) {
        int ok = QplStatus.QPL_STS_OK.code();
        int totalIn = job.totalIn();
        if (endCheck == EndCheck.INFLATE_STATE) {
            MemorySegment state = job.inflateState();
            QplStreamEnd.Verdict v = state == null ? QplStreamEnd.Verdict.INCONSISTENT
                    : QplStreamEnd.verdict(state, in, srcLen, totalIn, job.availableIn());
            switch (v) {
                case COMPLETE -> {
                    return;
                }
                case NO_FINAL_EOB -> throw new QplCorruptFragmentException("qpl: stream is truncated (" + srcLen
                        + " bytes end before the final block's end-of-block code)", ok);
                case TRAILING -> {
                    int len = QplStreamEnd.streamBytes(state, totalIn);
                    throw new QplCorruptFragmentException("qpl: stream ends after " + len + " of " + srcLen
                            + " input bytes (" + (srcLen - len) + " trailing)", ok);
                }
                case INCONSISTENT -> {
                    // Never seen (the layout is proved at load and on every call); fall through to the exact,
                    // slow check rather than guess.
                }
            }
        }
        String why = job.zlibEndCheck(src, srcOff, srcLen, expectedLength);
        if (why != null) {
            throw new QplCorruptFragmentException("qpl (end checked by " + why + ")", ok);
        }
    }

    private QplJob acquire() {
        if (jobs == null) {
            throw new CodecUnavailableException(info.id() + " " + info.reason());
        }
        return jobs.acquire();
    }

    @Override
    public void close() {
        if (jobs != null) {
            jobs.close();
        }
    }
}
