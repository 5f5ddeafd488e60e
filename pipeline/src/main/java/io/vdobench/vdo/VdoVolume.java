package io.vdobench.vdo;

import static io.vdobench.vdo.format.VdoConstants.BLOCK_SIZE;

import io.vdobench.codec.Codec;
import io.vdobench.codec.JdkZlibCodec;
import io.vdobench.codec.Lz4JavaCodec;
import io.vdobench.vdo.format.BlockMapEntry;
import io.vdobench.vdo.format.RecordName;
import io.vdobench.vdo.format.SuperBlock;
import io.vdobench.vdo.format.VdoConstants;
import io.vdobench.vdo.format.VdoException;
import io.vdobench.vdo.format.VdoStatus;
import io.vdobench.vdo.packer.CompressedBlockFormat;
import io.vdobench.vdo.packer.Packer;
import io.vdobench.vdo.policy.CompressionPolicy;
import io.vdobench.vdo.policy.FallbackCompressionPolicy;
import io.vdobench.vdo.storage.BlockDevice;
import io.vdobench.vdo.storage.MemoryBlockDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The VDO reference pipeline: dm-vdo's write and read paths for 4 KiB data_vios over a
 * {@link BlockDevice}. This class is dm-vdo's {@code vdo.c} and the bio entry of
 * {@code dm-vdo-target.c}: it owns the components and offers the block-device API, splitting each
 * request into 4 KiB data_vios. The work happens in the rooms named after dm-vdo's files:
 * {@link DataVioPath} ({@code data-vio.c}), {@link HashZones} ({@code dedupe.c}), {@link PackerWriter}
 * and {@link Packer} ({@code packer.c}); see {@code pipeline/DESIGN.md} for the whole map.
 *
 * <p>{@link Execution#INLINE} (the default) runs every step on the calling thread; a write returns
 * once its data_vio is done or parked in a packer bin. {@link Execution#THREADS} runs each step on
 * the thread dm-vdo runs it on, with the counts of the {@link ThreadConfig}, and a write returns once
 * it is acknowledged (after allocation). Parked bins are written by a later arrival or by
 * {@link #flush()}. Reads of an LBN whose write is still in flight copy that write's data, as dm-vdo
 * does.
 *
 * <p>Concurrency: see {@code pipeline/DESIGN.md}. Any number of threads may call any method.
 */
public final class VdoVolume implements AutoCloseable {
    // The volume is dm-vdo's struct vdo: the rooms below reach its components through these fields.
    final long logicalBlocks;
    final BlockDevice storage;
    private final boolean ownsStorage;
    final CompressionPolicy policy;
    final FragmentDecoder decoder;
    private final Codec ownedInflate;
    final Packer packer;
    final BlockMap blockMap;
    final SlabDepot depot;
    final DedupeIndex index;
    final DataVioPool pool;
    final Counters counters = new Counters();
    final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    /** Per-stage timing for the offload model, or null when off (the default). */
    private final StageTiming stages;
    final VdoThreads threads;
    final DataVioPath path;
    final HashZones hashZones;
    final PackerWriter packerWriter;
    /** The recovery journal; null when the volume keeps no metadata on its device ({@link Builder#metadata}). */
    final RecoveryJournal journal;
    /** Where the metadata lives on the device; null without metadata. */
    private final VdoLayout layout;
    /** What the last open found (null for a fresh volume or without metadata). */
    private final OpenReport openReport;
    /** dm-vdo's read-only mode: a metadata write failed; writes fail with READ_ONLY, reads work. */
    private volatile boolean readOnly;
    volatile boolean compressionEnabled;
    volatile boolean dedupeEnabled;
    private volatile boolean closed;
    final boolean weakNamesForTests;
    private final ThreadConfig threadConfig;
    /** Each submitting thread's bio, reused for every request it makes. */
    private final ThreadLocal<UserBio> bios = ThreadLocal.withInitial(UserBio::new);
    /** Flushes so far: a write takes the current value as its flush generation. */
    private final AtomicLong flushGeneration = new AtomicLong();
    /** The first failure of a request after its acknowledgement, for the next flush (dm-vdo would go read-only). */
    private final AtomicReference<RuntimeException> deferred = new AtomicReference<>();
    /** dm-vdo names its threads kvdo0:cpuQ and so on, by instance. */
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private VdoVolume(Builder b, SuperBlock loaded) {
        this.weakNamesForTests = b.weakNamesForTests;
        this.stages = b.stageTiming ? new StageTiming() : null;
        this.threadConfig = b.threads;
        this.policy = b.policy;
        long physical = b.physicalBlocks;
        int slabBlocks = b.slabBlocks;
        VdoLayout lay = null;
        if (loaded != null) {
            this.logicalBlocks = loaded.logicalBlocks();
            physical = loaded.physicalBlocks();
            slabBlocks = loaded.slabBlocks();
            lay = new VdoLayout(logicalBlocks, physical, slabBlocks, loaded.journalBlocks());
            if (b.storage.blockCount() < lay.deviceBlocks()) {
                throw new VdoException(VdoStatus.BAD_CONFIGURATION, "the super block describes a volume of "
                        + lay.deviceBlocks() + " blocks on a device of " + b.storage.blockCount());
            }
        } else {
            this.logicalBlocks = b.logicalBlocks;
        }
        if (b.storage != null) {
            this.storage = b.storage;
            this.ownsStorage = b.ownsStorage;
            if (b.metadata && lay == null) {
                int journalBlocks = b.journalBlocks > 0 ? b.journalBlocks : Builder.defaultJournalBlocks(storage.blockCount());
                if (physical == 0) {
                    physical = VdoLayout.fitPhysical(storage.blockCount(), logicalBlocks, slabBlocks, journalBlocks);
                }
                lay = physical < 2 ? null : new VdoLayout(logicalBlocks, physical, slabBlocks, journalBlocks);
                if (lay == null || storage.blockCount() < lay.deviceBlocks()) {
                    throw new IllegalArgumentException("storage has " + storage.blockCount()
                            + " blocks, too few for the volume's data and metadata"
                            + (lay == null ? "" : " (" + lay.deviceBlocks() + " blocks)"));
                }
            } else if (!b.metadata) {
                if (physical == 0) {
                    physical = storage.blockCount();
                }
                if (storage.blockCount() < physical) {
                    throw new IllegalArgumentException("storage has " + storage.blockCount() + " blocks, volume needs " + physical);
                }
            }
        } else {
            if (physical == 0) {
                // every LBN can hold distinct data even while each in-flight data_vio holds an allocation
                physical = logicalBlocks + 1 + b.maxDataVios;
            }
            if (b.metadata) {
                lay = new VdoLayout(logicalBlocks, physical, slabBlocks,
                        b.journalBlocks > 0 ? b.journalBlocks : Builder.DEFAULT_JOURNAL_BLOCKS);
            }
            this.storage = new MemoryBlockDevice(lay == null ? physical : lay.deviceBlocks());
            this.ownsStorage = true;
        }
        this.layout = lay;
        this.depot = new SlabDepot(physical, slabBlocks);
        this.blockMap = new BlockMap(logicalBlocks);
        this.index = new DedupeIndex(physical);
        this.packer = new Packer(b.packerBins, b.format);
        this.pool = new DataVioPool(b.maxDataVios, b.execution == Execution.THREADS);
        this.compressionEnabled = b.compression;
        this.dedupeEnabled = b.dedupe;
        Codec lz4 = b.lz4Decoder;
        Codec iaa = b.iaaDecoder;
        Codec cpu = b.cpuDeflateDecoder;
        for (Codec c : policy.codecs()) {
            switch (c.algorithm()) {
                case LZ4 -> lz4 = lz4 == null ? c : lz4;
                case DEFLATE_IAA -> iaa = iaa == null ? c : iaa;
                case DEFLATE_CPU -> cpu = cpu == null ? c : cpu;
            }
        }
        if (lz4 == null || !lz4.info().available()) {
            lz4 = defaultLz4();
        }
        this.ownedInflate = new JdkZlibCodec(6);
        this.decoder = new FragmentDecoder(lz4, iaa, cpu, ownedInflate);
        this.threads = new VdoThreads(b.execution, threadConfig, "vdo" + INSTANCES.getAndIncrement(), this::fail);
        this.path = new DataVioPath(this, threads);
        this.hashZones = new HashZones(this, threads);
        this.packerWriter = new PackerWriter(this, threads);
        if (layout == null) {
            this.journal = null;
            this.openReport = null;
        } else {
            depot.trackJournal(layout, 1);
            SuperBlock sb = loaded != null ? loaded : new SuperBlock(SuperBlock.DIRTY, newNonce(), logicalBlocks, physical,
                    slabBlocks, layout.journalBlocks(), 1, 0);
            this.journal = new RecoveryJournal(this, layout, sb);
            this.readOnly = loaded != null && loaded.state() == SuperBlock.READ_ONLY_MODE;
            try {
                this.openReport = loaded != null ? load(sb) : null;
                if (loaded == null) {
                    journal.format(); // zero counts, the slab summary, the super block: the volume exists from here on
                }
            } catch (RuntimeException e) {
                threads.stop();
                ownedInflate.close();
                throw e;
            }
        }
    }

    private static long newNonce() {
        long n;
        do {
            n = new java.security.SecureRandom().nextLong();
        } while (n == 0);
        return n;
    }

    /**
     * Loads a volume ({@code vdo_load}): the block map pages, the reference counts (brought up to
     * date by the slab journals and, after a crash, the recovery journal, which is also replayed
     * onto the block map: {@link RecoveryJournal#recover}); then a checkpoint and the super block
     * marked dirty (open).
     */
    private OpenReport load(SuperBlock sb) {
        blockMap.load(storage, layout.blockMapOrigin(), sb.nonce());
        boolean clean = sb.state() == SuperBlock.CLEAN;
        RecoveryJournal.ReplayResult replay = journal.recover(clean);
        long[] used = new long[1];
        blockMap.forEachMapped((lbn, packed) -> used[0]++);
        counters.logicalUsed.add(used[0]);
        OpenReport report = new OpenReport(clean, replay.blocks(), replay.entries(), replay.slabJournalBlocks(), used[0]);
        if (readOnly) {
            return report; // as it was when it went read-only, nothing written
        }
        if (!clean) {
            blockMap.markAllocatedDirty(); // the replayed entries go to the pages
        }
        // pages, reference counts, slab summary, then the head past everything read; then open (dirty)
        journal.checkpoint();
        journal.writeSuperBlock(journal.superBlock().withState(SuperBlock.DIRTY)
                .withJournalStart(journal.head(), sb.recoveries() + (clean ? 0 : 1)));
        return report;
    }

    /**
     * What {@link #open} found: whether the volume had been closed cleanly, and after a crash how
     * many recovery journal blocks and entries and slab journal blocks were replayed; the LBNs
     * mapped afterwards.
     */
    public record OpenReport(boolean clean, long journalBlocksReplayed, long journalEntriesReplayed,
                             long slabJournalBlocksReplayed, long logicalBlocksUsed) {}

    /** What the open of this volume found; null for a volume made by {@link Builder#build()} or without metadata. */
    public OpenReport openReport() {
        return openReport;
    }

    /**
     * dm-vdo's {@code vdo_enter_read_only_mode}: after an unrecoverable metadata error writes fail
     * with {@link VdoStatus#READ_ONLY} and reads keep working; the state is written to the super
     * block (if the device still takes it), so the volume reopens read-only. Returns {@code cause}.
     */
    RuntimeException enterReadOnlyMode(RuntimeException cause) {
        if (!readOnly) {
            readOnly = true;
            try {
                journal.writeSuperBlock(journal.superBlock().withState(SuperBlock.READ_ONLY_MODE));
            } catch (RuntimeException e) {
                cause.addSuppressed(e); // the device refuses even that: read-only for this session only
            }
        }
        return cause;
    }

    /** Whether the volume is in read-only mode (see {@link #enterReadOnlyMode}). */
    public boolean readOnly() {
        return readOnly;
    }

    private void checkWritable() {
        if (readOnly) {
            throw new VdoException(VdoStatus.READ_ONLY, "the volume is in read-only mode after a metadata error");
        }
    }

    /** Whether the volume keeps its metadata on its device (and can be reopened). */
    public boolean persistent() {
        return journal != null;
    }

    /** Opens the volume on {@code device} with default options (the device stays the caller's). */
    public static VdoVolume open(BlockDevice device) {
        return builder().storage(device).open();
    }

    /** Test hook: recovery journal commits and checkpoints so far ({0, 0} without metadata). */
    long[] journalActivity() {
        return journal == null ? new long[2] : new long[] {journal.commits(), journal.checkpoints()};
    }

    public static Builder builder() {
        return new Builder();
    }

    /** lz4-java's JNI instance when it loads, else its pure-Java safe instance. */
    static Codec defaultLz4() {
        Codec jni = new Lz4JavaCodec(Lz4JavaCodec.Impl.JNI);
        return jni.info().available() ? jni : new Lz4JavaCodec(Lz4JavaCodec.Impl.JAVA);
    }

    // ------------------------------------------------------------------ public API

    /**
     * Writes {@code len} bytes (a positive multiple of 4096) at {@code lbn}: one data_vio per 4 KiB
     * block. Returns when every block is acknowledged: with {@link Execution#THREADS} once it has its
     * allocation (a zero block or a failed allocation: once it is done), as dm-vdo acknowledges;
     * inline once it is written or parked in the packer.
     */
    public void write(long lbn, byte[] buf, int off, int len) {
        write(lbn, buf, off, len, false);
    }

    /**
     * A write with {@code fua} (REQ_FUA) returns only when it is durable: its blocks are not
     * compressed (dm-vdo skips the packer for FUA) and each is acknowledged after the recovery
     * journal commit that holds its entry (without metadata: after a device flush).
     */
    public void write(long lbn, byte[] buf, int off, int len, boolean fua) {
        int blocks = checkIo(lbn, buf, off, len);
        checkWritable();
        StageClock c = stageClock();
        long t0 = c == null ? 0 : c.begin(Stage.WRITE);
        submit(fua ? OP_WRITE_FUA : DataVio.OP_WRITE, lbn, blocks, buf, off);
        if (c != null) {
            c.end(Stage.WRITE, t0, blocks);
        }
    }

    /** A submit-only op code: a write with FUA. */
    private static final int OP_WRITE_FUA = -1;

    /** The commit a FUA write waits for (the journal, or the storage without metadata). */
    void commitForFua() {
        if (journal != null) {
            journal.commit();
        } else {
            storage.flush();
        }
    }

    /** dm-vdo's sector: partial I/O is in multiples of it (512e). */
    public static final int SECTOR_SIZE = 512;

    /**
     * Writes {@code len} bytes at byte {@code offset} of the volume, both multiples of 512 (dm-vdo
     * with 512-byte logical blocks): whole 4 KiB blocks as {@link #write}, a partly covered block
     * by read-modify-write under its LBN lock, as dm-vdo's partial data_vios.
     */
    public void writeBytes(long offset, byte[] buf, int off, int len) {
        checkPartial(offset, buf, off, len);
        checkWritable();
        partial(true, offset, buf, off, len);
    }

    /** Reads {@code len} bytes at byte {@code offset}, both multiples of 512 (see {@link #writeBytes}). */
    public void readBytes(long offset, byte[] buf, int off, int len) {
        checkPartial(offset, buf, off, len);
        partial(false, offset, buf, off, len);
    }

    private void partial(boolean write, long offset, byte[] buf, int off, int len) {
        long end = offset + len;
        long pos = offset;
        while (pos < end) {
            long lbn = pos / BLOCK_SIZE;
            int inBlock = (int) (pos % BLOCK_SIZE);
            int n = (int) Math.min(BLOCK_SIZE - inBlock, end - pos);
            int bufOff = off + (int) (pos - offset);
            if (n == BLOCK_SIZE) {
                int whole = (int) ((end - pos) / BLOCK_SIZE) * BLOCK_SIZE; // the aligned middle in one request
                if (write) {
                    write(lbn, buf, bufOff, whole);
                } else {
                    read(lbn, buf, bufOff, whole);
                }
                pos += whole;
                continue;
            }
            UserBio bio = bios.get();
            bio.expect(1);
            DataVio dv = pool.acquire();
            if (write) {
                path.launchPartialWrite(dv, lbn, buf, bufOff, inBlock, n, bio);
            } else {
                path.launchPartialRead(dv, lbn, buf, bufOff, inBlock, n, bio);
            }
            threads.drainInline();
            bio.await();
            pos += n;
        }
    }

    private void checkPartial(long offset, byte[] buf, int off, int len) {
        checkOpen();
        if (len <= 0 || len % SECTOR_SIZE != 0 || offset < 0 || offset % SECTOR_SIZE != 0) {
            throw new IllegalArgumentException("offset " + offset + " and length " + len
                    + " must be multiples of 512 (length positive)");
        }
        if (off < 0 || off > buf.length - len) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + (off + (long) len) + ") outside a buffer of " + buf.length);
        }
        if (offset > logicalBlocks * BLOCK_SIZE - len) {
            throw new VdoException(VdoStatus.OUT_OF_RANGE, "byte range " + offset + "+" + len + " outside the volume's "
                    + logicalBlocks * BLOCK_SIZE + " bytes");
        }
    }

    /** Reads {@code len} bytes (a positive multiple of 4096) at {@code lbn}. */
    public void read(long lbn, byte[] buf, int off, int len) {
        int blocks = checkIo(lbn, buf, off, len);
        StageClock c = stageClock();
        long t0 = c == null ? 0 : c.begin(Stage.READ);
        submit(DataVio.OP_READ, lbn, blocks, buf, off);
        if (c != null) {
            c.end(Stage.READ, t0, blocks);
        }
    }

    /** The calling thread's stage clock, or null when stage timing is off. */
    StageClock stageClock() {
        return stages == null ? null : stages.clock();
    }

    /** The volume's per-stage timing ({@link Builder#stageTiming}), or null when it is off. */
    public StageTiming stageTiming() {
        return stages;
    }

    /** Discards (unmaps) {@code blocks} blocks from {@code lbn}. */
    public void discard(long lbn, long blocks) {
        checkOpen();
        checkRange(lbn, blocks);
        checkWritable();
        submit(DataVio.OP_DISCARD, lbn, blocks, null, 0);
    }

    /**
     * One bio, split into 4 KiB data_vios as DM splits it for dm-vdo. With threads every block is
     * launched before the submitter waits for the acknowledgements; inline each block runs to its
     * end (or into the packer) before the next starts, and a failure ends the request there.
     */
    private void submit(int op, long lbn, long blocks, byte[] buf, int off) {
        UserBio bio = bios.get();
        int chunk = threads.execution == Execution.INLINE ? 1 : MAX_BLOCKS_IN_FLIGHT_PER_BIO;
        for (long first = 0; first < blocks; first += chunk) {
            int n = (int) Math.min(chunk, blocks - first);
            bio.expect(n);
            for (int i = 0; i < n; i++) {
                long b = first + i;
                DataVio dv = pool.acquire();
                if (op == DataVio.OP_READ) {
                    path.launchRead(dv, lbn + b, buf, off + (int) b * BLOCK_SIZE, bio);
                } else {
                    path.launchWrite(dv, lbn + b, buf, op == DataVio.OP_DISCARD ? 0 : off + (int) b * BLOCK_SIZE,
                            op == DataVio.OP_DISCARD, op == OP_WRITE_FUA, bio);
                }
            }
            threads.drainInline();
            bio.await();
        }
    }

    /** Data_vios one bio launches before it waits (a long discard is issued in pieces of this many). */
    private static final int MAX_BLOCKS_IN_FLIGHT_PER_BIO = 256;

    /**
     * A flush bio ({@code vdo_launch_flush}): on the packer thread, writes of earlier flush
     * generations stop parking and every non-empty bin is written (a lone fragment uncompressed);
     * then it waits until every write acknowledged before the flush has finished, and flushes the
     * storage. A request that failed after its acknowledgement since the last flush makes the flush
     * fail ({@code VdoException}).
     */
    public void flush() {
        checkOpen();
        checkWritable();
        counters.flushes.increment();
        long generation = flushGeneration.incrementAndGet();
        FlushRequest f = new FlushRequest(generation);
        threads.launch(f, threads.packerThread);
        f.await();
        threads.drainInline();
        path.awaitFlushGeneration(generation);
        RuntimeException storageFailure = null;
        try {
            if (journal != null) {
                journal.commit(); // the journal blocks, and with the device flush the data written before them
            } else {
                storage.flush();
            }
        } catch (RuntimeException x) {
            storageFailure = x;
        }
        RuntimeException e = deferred.getAndSet(null);
        if (e != null && storageFailure != null) {
            e.addSuppressed(storageFailure);
        } else if (storageFailure != null) {
            throw storageFailure;
        }
        if (e instanceof VdoException v) {
            throw new VdoException(v.status(), "a request failed after its acknowledgement: " + v.getMessage(), v);
        } else if (e != null) {
            throw new IllegalStateException("a volume thread failed: " + e, e);
        }
    }

    long flushGeneration() {
        return flushGeneration.get();
    }

    /** Keeps the first failure after an acknowledgement for the next flush. */
    void deferError(RuntimeException e) {
        deferred.compareAndSet(null, e);
    }

    private void fail(Throwable t) {
        deferError(t instanceof RuntimeException r ? r : new IllegalStateException("volume thread failed", t));
    }

    /** The flush's step on the packer thread ({@code vdo_flush_packer}); the flushing caller waits for it. */
    private final class FlushRequest implements VdoCompletion {
        private final long generation;
        private final Thread waiter = Thread.currentThread();
        private volatile boolean done;
        private VdoCompletion next;

        FlushRequest(long generation) {
            this.generation = generation;
        }

        @Override
        public void runCompletion() {
            try {
                packerWriter.vdoFlushPacker(generation);
            } finally {
                done = true;
                LockSupport.unpark(waiter);
            }
        }

        void await() {
            boolean interrupted = false;
            while (!done) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public VdoCompletion nextCompletion() {
            return next;
        }

        @Override
        public void setNextCompletion(VdoCompletion n) {
            next = n;
        }
    }

    /** dm-vdo's {@code compression on|off} message: affects blocks written from now on. */
    public void setCompressionEnabled(boolean on) {
        compressionEnabled = on;
    }

    public boolean compressionEnabled() {
        return compressionEnabled;
    }

    public void setDedupeEnabled(boolean on) {
        dedupeEnabled = on;
    }

    public CompressionPolicy policy() {
        return policy;
    }

    /** The dm-vdo thread counts this volume was built with (see {@link Builder#threads}). */
    public ThreadConfig threadConfig() {
        return threadConfig;
    }

    public Execution execution() {
        return threads.execution;
    }

    /**
     * Starts watching the volume's threads, e.g. over a benchmark's measured part: the window's
     * {@link ThreadWindow#loads()} are each thread's busy share and queue depth since this call
     * (none inline). Starting a window restarts the peak queue depths, so watch one at a time.
     */
    public ThreadWindow watchThreads() {
        return new ThreadWindow(threads);
    }

    /**
     * Waits until no thread of the volume has work: every data_vio done, waiting on a lock, or parked
     * in the packer (at once inline). A harness calls it before a {@link #flush()} that should not
     * catch writes still on their way to the packer: those belong to the older flush generation and
     * would be written uncompressed, as dm-vdo's {@code vdo_attempt_packing} does.
     */
    public void awaitQuiescent() {
        threads.awaitQuiescent();
    }

    /** Test hook: the Java thread ids of the volume's threads (none inline). */
    long[] workerThreadIds() {
        return threads.workerIds();
    }

    public long logicalBlocks() {
        return logicalBlocks;
    }

    /** Data blocks (PBN 1..N-1). */
    public long physicalDataBlocks() {
        return depot.dataBlocks();
    }

    public BlockDevice storage() {
        return storage;
    }

    public FragmentDecoder decoder() {
        return decoder;
    }

    /** The block map entry of an LBN (a diagnostic view; not synchronised with in-flight writes). */
    public BlockMapEntry mapping(long lbn) {
        checkRange(lbn, 1);
        return BlockMapEntry.unpack(blockMap.get(lbn));
    }

    /** Reference count of a data block (255 = provisional). */
    public int referenceCount(long pbn) {
        return depot.count(pbn);
    }

    /** Test hook: stores arbitrary advice in the index, as a lossy index or a hash collision could. */
    void injectAdvice(RecordName name, long pbn, int state) {
        index.update(name.h1(), name.h2(), BlockMapEntry.pack(pbn, state));
    }

    /** Flushes, then writes the backing storage as a raw image of 4 KiB blocks (for {@code vdobench inspect}). */
    public void exportStorage(Path file) throws IOException {
        flush();
        storage.exportTo(file);
    }

    public VdoStatistics statistics() {
        return VdoStatistics.collect(this);
    }

    /** Flushes, stops the volume's threads and releases the storage (if the volume created it) and its own codecs. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (!readOnly) {
                flush();
                threads.awaitQuiescent();
                if (journal != null) {
                    journal.saveClean();
                }
            }
        } finally {
            closed = true;
            threads.stop();
            if (ownsStorage) {
                storage.close();
            }
            ownedInflate.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private int checkIo(long lbn, byte[] buf, int off, int len) {
        checkOpen();
        if (len <= 0 || len % BLOCK_SIZE != 0) {
            throw new IllegalArgumentException("length " + len + " is not a positive multiple of 4096");
        }
        if (off < 0 || off > buf.length - len) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + (off + (long) len) + ") outside a buffer of " + buf.length);
        }
        int blocks = len / BLOCK_SIZE;
        checkRange(lbn, blocks);
        return blocks;
    }

    private void checkRange(long lbn, long blocks) {
        if (lbn < 0 || blocks < 0 || lbn > logicalBlocks - blocks) {
            throw new VdoException(VdoStatus.OUT_OF_RANGE, "LBN range " + lbn + "+" + blocks + " outside 0.." + (logicalBlocks - 1));
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("volume is closed");
        }
    }

    /** Volume configuration. */
    public static final class Builder {
        private long logicalBlocks = 1L << 18;
        private long physicalBlocks;
        private CompressionPolicy policy;
        private BlockDevice storage;
        private boolean ownsStorage;
        private int packerBins = VdoConstants.DEFAULT_PACKER_BINS;
        private CompressedBlockFormat format = CompressedBlockFormat.AUTO;
        private int slabBlocks = 8192;
        private boolean compression = true;
        private boolean dedupe = true;
        private int maxDataVios = 2048;
        private Codec lz4Decoder;
        private Codec iaaDecoder;
        private Codec cpuDeflateDecoder;
        private boolean weakNamesForTests;
        private boolean stageTiming;
        private ThreadConfig threads = ThreadConfig.DEFAULT;
        private Execution execution = Execution.INLINE;
        private boolean metadata = true;
        private int journalBlocks;
        /** Journal size for a volume on memory (dm-vdo's default is 32768 blocks; see {@link #journalBlocks}). */
        static final int DEFAULT_JOURNAL_BLOCKS = 4096;

        /** A power of two up to {@link #DEFAULT_JOURNAL_BLOCKS} and at most an eighth of the device (at least 4). */
        static int defaultJournalBlocks(long deviceBlocks) {
            long cap = Math.max(4, deviceBlocks / 8);
            return (int) Math.min(DEFAULT_JOURNAL_BLOCKS, Long.highestOneBit(cap));
        }

        /**
         * Whether the volume keeps its metadata on the device (default on): super block, recovery
         * journal, block map pages, reference count blocks, so that it can be {@linkplain #open()
         * reopened} and survives a crash. Off, the device holds data blocks only and the metadata
         * lives in memory (the model before #17; for measuring what the metadata costs).
         */
        public Builder metadata(boolean on) {
            metadata = on;
            return this;
        }

        /**
         * Recovery journal size in blocks (a power of two, at least 4; default 4096 on memory, and on a
         * given device at most an eighth of it).
         */
        public Builder journalBlocks(int n) {
            if (n < 4 || Integer.bitCount(n) != 1) {
                throw new IllegalArgumentException("journal size " + n + " must be a power of two >= 4");
            }
            journalBlocks = n;
            return this;
        }

        /** Blocks a device needs for this configuration with default physical size (data + metadata). */
        public long deviceBlocks() {
            long physical = physicalBlocks > 0 ? physicalBlocks : logicalBlocks + 1 + maxDataVios;
            if (!metadata) {
                return physical;
            }
            return new VdoLayout(logicalBlocks, physical, slabBlocks,
                    journalBlocks > 0 ? journalBlocks : DEFAULT_JOURNAL_BLOCKS).deviceBlocks();
        }

        /** Test hook: replace record names by the block's first byte, so that different data collide. */
        Builder weakNamesForTests() {
            weakNamesForTests = true;
            return this;
        }

        /** Logical size in 4 KiB blocks (default 2^18 = 1 GiB). */
        public Builder logicalBlocks(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("logical size must be positive");
            }
            logicalBlocks = n;
            return this;
        }

        /**
         * Physical size in 4 KiB blocks including PBN 0 (default: the storage's size, or logical + 1 +
         * maxDataVios, so that in-flight allocations never cause NO_SPACE on a full volume).
         */
        public Builder physicalBlocks(long n) {
            if (n < 2) {
                throw new IllegalArgumentException("need at least 2 physical blocks");
            }
            physicalBlocks = n;
            return this;
        }

        /** The compression policy (default: LZ4 only, lz4-java). */
        public Builder policy(CompressionPolicy p) {
            policy = p;
            return this;
        }

        /** Backing storage (default: an in-memory device the volume owns). The caller keeps ownership. */
        public Builder storage(BlockDevice device) {
            return storage(device, false);
        }

        /** Backing storage; with {@code owned} the volume closes it on {@link VdoVolume#close()}. */
        public Builder storage(BlockDevice device, boolean owned) {
            storage = device;
            ownsStorage = owned;
            return this;
        }

        /** Packer bins (default 16, dm-vdo's DEFAULT_PACKER_BINS). */
        public Builder packerBins(int n) {
            packerBins = n;
            return this;
        }

        /** Header version the packer writes (default AUTO: 1.0 for all-LZ4 batches). */
        public Builder format(CompressedBlockFormat f) {
            format = f;
            return this;
        }

        public Builder slabBlocks(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("slab size must be positive");
            }
            slabBlocks = n;
            return this;
        }

        /** Compression on/off (default on; dm-vdo's table default is off). */
        public Builder compression(boolean on) {
            compression = on;
            return this;
        }

        public Builder dedupe(boolean on) {
            dedupe = on;
            return this;
        }

        /** Size of the data_vio pool (default 2048, dm-vdo's MAXIMUM_VDO_USER_VIOS). */
        public Builder maxDataVios(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("need at least one data_vio");
            }
            maxDataVios = n;
            return this;
        }

        /** Decoder for LZ4 fragments (default: the policy's LZ4 codec, else lz4-java). */
        public Builder lz4Decoder(Codec c) {
            lz4Decoder = c;
            return this;
        }

        /** Decoder tried first for DEFLATE_IAA fragments (default: the policy's IAA codec); raw inflate is the fallback. */
        public Builder iaaDecoder(Codec c) {
            iaaDecoder = c;
            return this;
        }

        /** Decoder for DEFLATE_CPU fragments (default: the policy's CPU codec, else raw inflate). */
        public Builder cpuDeflateDecoder(Codec c) {
            cpuDeflateDecoder = c;
            return this;
        }

        /**
         * dm-vdo's thread counts (default {@link ThreadConfig#DEFAULT}: ack 1, bio 4, cpu 1, one
         * "reqQ" thread for the zones). They make threads with {@link Execution#THREADS}; inline they
         * are recorded and reported only.
         */
        public Builder threads(ThreadConfig config) {
            if (config == null) {
                throw new IllegalArgumentException("thread configuration must not be null");
            }
            threads = config;
            return this;
        }

        /** Per-stage timing ({@link StageTiming}, default off): wall and sampled CPU time of hashing, compressing, ... */
        public Builder stageTiming(boolean on) {
            stageTiming = on;
            return this;
        }

        /** Where the steps run (default {@link Execution#INLINE}: on the submitting threads). */
        public Builder execution(Execution e) {
            if (e == null) {
                throw new IllegalArgumentException("execution must not be null");
            }
            execution = e;
            return this;
        }

        public VdoVolume build() {
            if (policy == null) {
                policy = FallbackCompressionPolicy.single(defaultLz4());
            }
            if (maxDataVios <= packerBins * VdoConstants.MAX_COMPRESSION_SLOTS) {
                // parked data_vios must never exhaust the pool, or nobody could make progress
                throw new IllegalArgumentException("maxDataVios " + maxDataVios + " must exceed packer capacity "
                        + packerBins * VdoConstants.MAX_COMPRESSION_SLOTS);
            }
            if (logicalBlocks > (1L << 40)) {
                throw new IllegalArgumentException("logical size beyond dm-vdo's 2^40 blocks");
            }
            return new VdoVolume(this, null);
        }

        /**
         * Opens the volume on the {@linkplain #storage given device} ({@code vdo_load}): the
         * configuration comes from its super block (this builder's sizes are ignored; its policy,
         * threads and execution apply). After a clean close everything is loaded; after a crash the
         * recovery journal and the slab journals are replayed
         * ({@link VdoVolume#openReport()} says which). A volume that went read-only opens
         * read-only (its journal replayed in memory, nothing written).
         *
         * @throws VdoException {@link VdoStatus#BAD_SUPER_BLOCK} when the device holds no volume,
         *         {@link VdoStatus#BAD_CONFIGURATION} when it is too small for the one it holds,
         *         {@link VdoStatus#CORRUPT_JOURNAL} when the journal cannot be replayed
         */
        public VdoVolume open() {
            if (storage == null) {
                throw new IllegalArgumentException("open needs the device: storage(device)");
            }
            if (!metadata) {
                throw new IllegalArgumentException("a volume without metadata cannot be opened");
            }
            if (policy == null) {
                policy = FallbackCompressionPolicy.single(defaultLz4());
            }
            if (storage.blockCount() < 1) {
                throw new VdoException(VdoStatus.BAD_SUPER_BLOCK, "empty device");
            }
            byte[] block0 = new byte[BLOCK_SIZE];
            storage.read(0, block0, 0);
            SuperBlock sb = SuperBlock.decode(block0);
            if (sb.logicalBlocks() < 1 || sb.physicalBlocks() < 2 || sb.slabBlocks() < 1 || sb.journalBlocks() < 4
                    || Integer.bitCount(sb.journalBlocks()) != 1 || sb.logicalBlocks() > (1L << 40)) {
                throw new VdoException(VdoStatus.BAD_CONFIGURATION, "super block configuration is invalid: " + sb);
            }
            if (maxDataVios <= packerBins * VdoConstants.MAX_COMPRESSION_SLOTS) {
                throw new IllegalArgumentException("maxDataVios " + maxDataVios + " must exceed packer capacity "
                        + packerBins * VdoConstants.MAX_COMPRESSION_SLOTS);
            }
            return new VdoVolume(this, sb);
        }
    }
}
