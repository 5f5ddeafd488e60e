package io.vdobench.vdo;

import static io.vdobench.vdo.format.VdoConstants.BLOCK_SIZE;
import static io.vdobench.vdo.format.VdoConstants.COMPRESSED_HEADER_SIZE;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.ExecutionPath;
import io.vdobench.codec.JdkZlibCodec;
import io.vdobench.codec.Lz4JavaCodec;
import io.vdobench.vdo.format.BlockMapEntry;
import io.vdobench.vdo.format.CompressedBlock;
import io.vdobench.vdo.format.FragmentLocation;
import io.vdobench.vdo.format.MappingState;
import io.vdobench.vdo.format.RecordName;
import io.vdobench.vdo.format.VdoConstants;
import io.vdobench.vdo.format.VdoException;
import io.vdobench.vdo.format.VdoStatus;
import io.vdobench.vdo.packer.CompressedBlockFormat;
import io.vdobench.vdo.packer.Packer;
import io.vdobench.vdo.packer.PackerBatch;
import io.vdobench.vdo.packer.PackerEntry;
import io.vdobench.vdo.policy.CompressionPolicy;
import io.vdobench.vdo.policy.CompressionResult;
import io.vdobench.vdo.policy.FallbackCompressionPolicy;
import io.vdobench.vdo.policy.FallbackReason;
import io.vdobench.vdo.storage.BlockDevice;
import io.vdobench.vdo.storage.MemoryBlockDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The VDO reference pipeline: dm-vdo's write and read paths for 4 KiB data_vios over a
 * {@link BlockDevice}.
 *
 * <p>Write path per 4 KiB block: LBN lock &rarr; zero check (zero blocks map to PBN 0, no
 * allocation) &rarr; allocate a PBN &rarr; MurmurHash3 record name &rarr; hash lock (concurrent
 * identical writes wait for one agent) &rarr; index advice, verified by reading and comparing the
 * candidate (decompressing a packed one) &rarr; else compress through the {@link CompressionPolicy}
 * and hand the fragment to the {@link Packer}, or write uncompressed &rarr; reference counts (+new,
 * &minus;old) &rarr; block map. As in dm-vdo a write returns ("is acknowledged") once its data_vio
 * is parked in a packer bin; the bin is written later by another arrival or by {@link #flush()}.
 * Reads of an LBN whose write is still in flight copy that write's data, as dm-vdo does.
 *
 * <p>Concurrency: see {@code pipeline/DESIGN.md}. Any number of threads may call any method.
 */
public final class VdoVolume implements AutoCloseable {
    private static final int LOGICAL_ZONES = 64;
    private static final int HASH_ZONES = 16;

    private final long logicalBlocks;
    private final BlockDevice storage;
    private final boolean ownsStorage;
    private final CompressionPolicy policy;
    private final FragmentDecoder decoder;
    private final Codec ownedInflate;
    private final Packer packer;
    private final BlockMap blockMap;
    private final SlabDepot depot;
    private final DedupeIndex index;
    private final LogicalZone[] logicalZones = new LogicalZone[LOGICAL_ZONES];
    private final HashZone[] hashZones = new HashZone[HASH_ZONES];
    private final DataVioPool pool;
    private final Counters counters = new Counters();
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private volatile boolean compressionEnabled;
    private volatile boolean dedupeEnabled;
    private volatile boolean closed;
    private final boolean weakNamesForTests;

    private VdoVolume(Builder b) {
        this.weakNamesForTests = b.weakNamesForTests;
        this.logicalBlocks = b.logicalBlocks;
        this.policy = b.policy;
        long physical = b.physicalBlocks;
        if (b.storage != null) {
            this.storage = b.storage;
            this.ownsStorage = b.ownsStorage;
            if (physical == 0) {
                physical = storage.blockCount();
            }
            if (storage.blockCount() < physical) {
                throw new IllegalArgumentException("storage has " + storage.blockCount() + " blocks, volume needs " + physical);
            }
        } else {
            if (physical == 0) {
                // every LBN can hold distinct data even while each in-flight data_vio holds an allocation
                physical = logicalBlocks + 1 + b.maxDataVios;
            }
            this.storage = new MemoryBlockDevice(physical);
            this.ownsStorage = true;
        }
        this.depot = new SlabDepot(physical, b.slabBlocks);
        this.blockMap = new BlockMap(logicalBlocks);
        this.index = new DedupeIndex(physical);
        this.packer = new Packer(b.packerBins, b.format);
        this.pool = new DataVioPool(b.maxDataVios);
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
        for (int i = 0; i < LOGICAL_ZONES; i++) {
            logicalZones[i] = new LogicalZone();
        }
        for (int i = 0; i < HASH_ZONES; i++) {
            hashZones[i] = new HashZone();
        }
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

    /** Writes {@code len} bytes (a positive multiple of 4096) at {@code lbn}: one data_vio per 4 KiB block. */
    public void write(long lbn, byte[] buf, int off, int len) {
        int blocks = checkIo(lbn, buf, off, len);
        for (int i = 0; i < blocks; i++) {
            writeBlock(lbn + i, buf, off + i * BLOCK_SIZE, false);
        }
    }

    /** Reads {@code len} bytes (a positive multiple of 4096) at {@code lbn}. */
    public void read(long lbn, byte[] buf, int off, int len) {
        int blocks = checkIo(lbn, buf, off, len);
        for (int i = 0; i < blocks; i++) {
            readBlock(lbn + i, buf, off + i * BLOCK_SIZE);
        }
    }

    /** Discards (unmaps) {@code blocks} blocks from {@code lbn}. */
    public void discard(long lbn, long blocks) {
        checkOpen();
        checkRange(lbn, blocks);
        for (long i = 0; i < blocks; i++) {
            writeBlock(lbn + i, null, 0, true);
        }
    }

    /**
     * A flush bio: writes every non-empty packer bin (a lone fragment is written uncompressed),
     * waits for batches other threads are writing, then flushes the storage.
     */
    public void flush() {
        checkOpen();
        counters.flushes.increment();
        PackerBatch batch = scratch.get().batch;
        while (packer.flushNext(batch)) {
            writeBatch(batch);
        }
        packer.awaitBatchesDone();
        storage.flush();
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
        Counters c = counters;
        long logicalUsed = c.logicalUsed.sum();
        long dataUsed = depot.usedBlocks();
        double saving = logicalUsed == 0 ? 0 : (logicalUsed - dataUsed) * 100.0 / logicalUsed;
        long[] hist = new long[VdoConstants.MAX_COMPRESSION_SLOTS + 1];
        for (int i = 0; i < hist.length; i++) {
            hist[i] = c.fragmentsPerBlock[i].sum();
        }
        Map<String, Long> byAlg = new LinkedHashMap<>();
        for (CompressionAlgorithm a : CompressionAlgorithm.values()) {
            for (ExecutionPath p : ExecutionPath.values()) {
                long v = c.byAlgPath[a.ordinal()][p.ordinal()].sum();
                if (v > 0) {
                    byAlg.put(a.name() + "/" + p.label(), v);
                }
            }
        }
        Map<String, Long> readByAlg = new LinkedHashMap<>();
        long fragmentsRead = 0;
        for (CompressionAlgorithm a : CompressionAlgorithm.values()) {
            long v = c.fragmentsRead[a.ordinal()].sum();
            if (v > 0) {
                readByAlg.put(a.name(), v);
                fragmentsRead += v;
            }
        }
        Map<FallbackReason, Long> fb = new EnumMap<>(FallbackReason.class);
        for (FallbackReason r : FallbackReason.values()) {
            fb.put(r, c.fallbacks[r.ordinal()].sum());
        }
        long fragments = c.fragmentsWritten.sum();
        long packed = c.packedBlocks.sum();
        return new VdoStatistics(logicalBlocks, depot.dataBlocks(), logicalUsed, dataUsed, saving,
                c.writes.sum(), c.reads.sum(), c.discards.sum(), c.flushes.sum(), c.zeroBlocks.sum(),
                c.dedupeHits.sum(), c.concurrentDedupe.sum(), c.staleAdvice.sum(), c.hashCollisions.sum(),
                c.uncompressedWritten.sum(), fragments, packed, hist, packer.fragmentsInPacker(), byAlg, fb,
                c.notCompressible.sum(), c.packerRejected.sum(), c.singleBatches.sum(), c.cancelled.sum(),
                c.compressedBytes.sum(), (fragments - packed) * BLOCK_SIZE,
                decoder.iaaUnavailableFallbacks() + decoder.iaaFailureFallbacks(), fragmentsRead, readByAlg);
    }

    /** Flushes and releases the storage (if the volume created it) and the volume's own codecs. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        flush();
        closed = true;
        if (ownsStorage) {
            storage.close();
        }
        ownedInflate.close();
    }

    // ------------------------------------------------------------------ write path

    private void writeBlock(long lbn, byte[] buf, int off, boolean discard) {
        DataVio dv = pool.acquire();
        dv.prepare(discard ? DataVio.OP_DISCARD : DataVio.OP_WRITE, lbn);
        if (discard) {
            Arrays.fill(dv.data, (byte) 0);
            dv.zero = true;
            counters.discards.increment();
        } else {
            if (dedupeEnabled) {
                // the record name is taken while copying: one read of the caller's block (a zero block's name goes unused)
                dv.zero = RecordName.copyAndCompute(buf, off, dv.data, dv.name);
                dv.named = true;
            } else {
                System.arraycopy(buf, off, dv.data, 0, BLOCK_SIZE);
                dv.zero = isZero(dv.data);
            }
            counters.writes.increment();
        }
        try {
            acquireLbn(dv);
        } catch (RuntimeException e) {
            pool.release(dv); // cancelling a parked holder failed; this data_vio never held the LBN
            throw e;
        }
        Scratch sc = scratch.get();
        sc.handedOff = false;
        boolean handedOff = false;
        try {
            if (discard) {
                dv.newPbn = 0;
                dv.newState = MappingState.UNMAPPED;
            } else if (dv.zero) {
                counters.zeroBlocks.increment();
                dv.newPbn = 0;
                dv.newState = MappingState.UNCOMPRESSED;
            } else {
                handedOff = writeData(dv);
            }
        } catch (RuntimeException e) {
            if (!sc.handedOff) {
                abort(dv);
            }
            throw e;
        }
        if (!handedOff) {
            complete(dv);
        }
    }

    /** Hash, dedupe, compress or write. Returns true when the data_vio now belongs to the packer. */
    private boolean writeData(DataVio dv) {
        dv.allocation = depot.allocate();
        if (!dv.named) {
            return writeFresh(dv, true, false); // dedupe was off when this data_vio started
        }
        if (weakNamesForTests) {
            // test hook: names collide for blocks with the same first byte
            dv.name[0] = dv.data[0];
            dv.name[1] = 0;
        }
        return joinHashLock(dv);
    }

    /** Becomes the agent of the name's hash lock, waits on it, or bypasses it on a collision. */
    private boolean joinHashLock(DataVio dv) {
        long h1 = dv.name[0];
        long h2 = dv.name[1];
        HashZone zone = hashZone(h1);
        HashLock lock;
        int role;
        synchronized (zone) {
            lock = zone.locks.get(h1);
            if (lock == null) {
                lock = zone.newLock();
                lock.h1 = h1;
                lock.h2 = h2;
                lock.agent = dv;
                zone.locks.put(h1, lock);
                role = 0;
            } else if (lock.h2 != h2 || !Arrays.equals(lock.agent.data, dv.data)) {
                role = 1;
            } else {
                lock.waiters++;
                role = 2;
            }
        }
        if (role == 1) {
            // dm-vdo: a hash collision bypasses dedupe and is written uncompressed
            counters.hashCollisions.increment();
            return writeFresh(dv, false, false);
        }
        if (role == 2) {
            return waitForAgent(dv, zone, lock);
        }
        dv.lock = lock;
        return agentWork(dv);
    }

    /** The hash lock agent: use verified advice, else write. */
    private boolean agentWork(DataVio dv) {
        long advice = index.lookup(dv.name[0], dv.name[1]);
        if (advice != 0) {
            long pbn = BlockMapEntry.packedPbn(advice);
            int state = BlockMapEntry.packedState(advice);
            if (state != MappingState.UNMAPPED && depot.isDataBlock(pbn) && depot.claim(pbn, 1) == 1) {
                if (verify(dv.data, pbn, state)) {
                    counters.dedupeHits.increment();
                    dv.newPbn = pbn;
                    dv.newState = state;
                    dv.referenceClaimed = true;
                    return false;
                }
                depot.decrement(pbn);
            }
            counters.staleAdvice.increment();
        }
        return writeFresh(dv, true, true);
    }

    /** Reads the candidate block (decompressing a packed one) and compares all 4096 bytes. */
    private boolean verify(byte[] data, long pbn, int state) {
        Scratch s = scratch.get();
        storage.read(pbn, s.block, 0);
        if (state == MappingState.UNCOMPRESSED) {
            return Arrays.equals(s.block, data);
        }
        if (CompressedBlock.check(s.block, 0, state, s.location) != 0) {
            return false; // a stale location that no longer holds a valid packed block (no exception: no garbage)
        }
        try {
            decoder.decode(s.location.algorithm(), s.block, s.location.blockOffset(), s.location.size(), s.out, 0);
        } catch (VdoException e) {
            return false; // a stale location whose slot no longer holds a valid fragment
        }
        return Arrays.equals(s.out, data);
    }

    /** A hash lock waiter: wait for the agent's result and share it, or write a copy of its own. */
    private boolean waitForAgent(DataVio dv, HashZone zone, HashLock lock) {
        boolean interrupted = false;
        try {
            while (true) {
                DataVio parked = null;
                long parking = 0;
                boolean granted = false;
                long pbn = 0;
                int state = 0;
                synchronized (zone) {
                    while (!lock.done) {
                        DataVio a = lock.agent;
                        if (a != null && a.stage() == PackerEntry.STAGE_IN_BIN) {
                            parked = a;
                            parking = a.parkings();
                            break;
                        }
                        interrupted |= zone.await();
                    }
                    if (parked == null) {
                        if (lock.grants > 0) {
                            lock.grants--;
                            granted = true;
                            pbn = lock.resultPbn;
                            state = lock.resultState;
                        }
                        if (--lock.waiters == 0) {
                            zone.recycle(lock);
                        }
                    }
                }
                if (parked != null) {
                    // dm-vdo: a hash-lock waiter pulls the agent out of the packer; it is written uncompressed
                    try {
                        cancelAndWriteUncompressed(parked, parking);
                    } catch (RuntimeException e) {
                        leaveLock(zone, lock);
                        throw e;
                    }
                    continue;
                }
                if (granted) {
                    counters.dedupeHits.increment();
                    counters.concurrentDedupe.increment();
                    dv.newPbn = pbn;
                    dv.newState = state;
                    dv.referenceClaimed = true;
                    return false;
                }
                // The agent failed, or its block reached 254 references: like dm-vdo's lock rollover,
                // start over on a new lock (the first such waiter becomes its agent and writes a new
                // copy, the others share that one).
                return joinHashLock(dv);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A waiter gives up on its lock (error path): it must not keep a reference claimed for it. */
    private void leaveLock(HashZone zone, HashLock lock) {
        synchronized (zone) {
            lock.waiters--;
            if (lock.done && lock.grants > lock.waiters) {
                lock.grants--;
                depot.decrement(lock.resultPbn);
            }
            if (lock.done && lock.waiters == 0) {
                zone.recycle(lock);
            }
        }
    }

    /**
     * Writes the data_vio's data to its allocation, compressed through the packer when allowed.
     * Returns true when the packer took it (it may already be written and recycled).
     */
    private boolean writeFresh(DataVio dv, boolean mayCompress, boolean updateIndex) {
        dv.updateIndex = updateIndex;
        if (dv.allocation == 0) {
            throw new VdoException(VdoStatus.NO_SPACE, "no free physical block for LBN " + dv.lbn);
        }
        if (mayCompress && compressionEnabled) {
            Scratch s = scratch.get();
            CompressionResult r = s.result;
            policy.compress(dv.data, 0, dv.compressedBlock(), COMPRESSED_HEADER_SIZE, r);
            if (r.fallback() != null) {
                counters.fallbacks[r.fallback().ordinal()].increment();
            }
            if (r.compressed()) {
                dv.setFragment(r.size(), r.algorithm(), r.path());
                LogicalZone lz = logicalZone(dv.lbn);
                HashZone hz = dv.lock != null ? hashZone(dv.lock.h1) : null;
                Packer.Outcome o = packer.add(dv, s.batch);
                if (o != Packer.Outcome.REJECTED) {
                    // From here on another thread may write, complete and recycle dv: do not touch it.
                    s.handedOff = true;
                    notifyParked(lz, hz);
                    if (o == Packer.Outcome.BATCH) {
                        writeBatch(s.batch);
                    }
                    return true;
                }
                counters.packerRejected.increment();
            } else {
                counters.notCompressible.increment();
            }
        }
        writeUncompressed(dv);
        return false;
    }

    private void writeUncompressed(DataVio dv) {
        storage.write(dv.allocation, dv.data, 0);
        dv.newPbn = dv.allocation;
        dv.newState = MappingState.UNCOMPRESSED;
        dv.allocationUsed = true;
        counters.uncompressedWritten.increment();
    }

    /** Writes a batch from the packer: a packed block to the agent's allocation, or a lone data_vio uncompressed. */
    private void writeBatch(PackerBatch batch) {
        try {
            int n = batch.count();
            if (batch.isSingle()) {
                DataVio dv = (DataVio) batch.member(0);
                dv.leavePacker();
                counters.singleBatches.increment();
                writeUncompressed(dv);
                complete(dv);
                return;
            }
            DataVio agent = (DataVio) batch.member(0);
            long pbn = agent.allocation;
            try {
                storage.write(pbn, batch.block(), 0);
            } catch (RuntimeException e) {
                // dm-vdo handle_compressed_write_error: every member falls back to an uncompressed write
                for (int s = 0; s < n; s++) {
                    DataVio m = (DataVio) batch.member(s);
                    m.leavePacker();
                    try {
                        writeUncompressed(m);
                        complete(m);
                    } catch (RuntimeException e2) {
                        abort(m);
                    }
                }
                throw e;
            }
            depot.commitProvisional(pbn, n);
            counters.packedBlocks.increment();
            counters.fragmentsWritten.add(n);
            counters.fragmentsPerBlock[n].increment();
            for (int s = 0; s < n; s++) {
                DataVio m = (DataVio) batch.member(s);
                counters.byAlgPath[m.algorithm().ordinal()][m.executionPath().ordinal()].increment();
                counters.compressedBytes.add(m.fragmentSize());
            }
            // clients first, the agent last (dm-vdo finish_compressed_write)
            for (int s = 1; s <= n; s++) {
                DataVio m = (DataVio) batch.member(s % n);
                m.leavePacker();
                m.newPbn = pbn;
                m.newState = MappingState.compressed(s % n);
                m.referenceClaimed = true;
                if (m == agent) {
                    m.allocationUsed = true;
                }
                complete(m);
            }
        } finally {
            batch.clear();
            packer.batchDone();
        }
    }

    /** Pulls a parked data_vio out of the packer and finishes it uncompressed (dm-vdo cancellation). */
    private void cancelAndWriteUncompressed(DataVio parked, long parking) {
        if (packer.cancel(parked, parking)) {
            counters.cancelled.increment();
            try {
                writeUncompressed(parked);
            } catch (RuntimeException e) {
                abort(parked);
                throw e;
            }
            complete(parked);
        }
    }

    /** Metadata update after the data is written: references, block map, index, locks. */
    private void complete(DataVio dv) {
        if (dv.op == DataVio.OP_WRITE && dv.newPbn != 0 && !dv.referenceClaimed) {
            depot.commitProvisional(dv.newPbn, 1);
        }
        if (dv.allocation != 0 && !dv.allocationUsed) {
            depot.releaseProvisional(dv.allocation);
        }
        long old = blockMap.get(dv.lbn);
        long neu = BlockMapEntry.pack(dv.newPbn, dv.newState);
        blockMap.put(dv.lbn, neu);
        long oldPbn = BlockMapEntry.packedPbn(old);
        if (oldPbn != 0) {
            depot.decrement(oldPbn); // after the increment, as dm-vdo orders them
        }
        if (old == 0 && neu != 0) {
            counters.logicalUsed.increment();
        } else if (old != 0 && neu == 0) {
            counters.logicalUsed.decrement();
        }
        if (dv.updateIndex && dv.newPbn != 0) {
            index.update(dv.name[0], dv.name[1], neu);
        }
        if (dv.lock != null) {
            publish(dv, true);
        }
        releaseLbn(dv.lbn, dv);
        pool.release(dv);
    }

    /** Cleans up a data_vio whose write failed before it changed any mapping. */
    private void abort(DataVio dv) {
        if (dv.allocation != 0 && !dv.allocationUsed) {
            depot.releaseProvisional(dv.allocation);
        }
        dv.allocation = 0;
        if (dv.lock != null) {
            publish(dv, false);
        }
        releaseLbn(dv.lbn, dv);
        pool.release(dv);
    }

    /** The agent is done: record the result, claim one reference per waiter, wake them. */
    private void publish(DataVio agent, boolean ok) {
        HashLock lock = agent.lock;
        HashZone zone = hashZone(lock.h1);
        synchronized (zone) {
            lock.done = true;
            lock.ok = ok && agent.newPbn != 0;
            lock.resultPbn = agent.newPbn;
            lock.resultState = agent.newState;
            if (lock.ok && lock.waiters > 0) {
                lock.grants = depot.claim(agent.newPbn, lock.waiters);
            }
            zone.locks.remove(lock.h1, lock);
            lock.agent = null;
            if (lock.waiters == 0) {
                zone.recycle(lock);
            }
            zone.wakeAll();
        }
        agent.lock = null;
    }

    // ------------------------------------------------------------------ read path

    private void readBlock(long lbn, byte[] dst, int off) {
        counters.reads.increment();
        Scratch s = scratch.get();
        LogicalZone z = logicalZone(lbn);
        boolean interrupted = false;
        try {
            while (true) {
                synchronized (z) {
                    Object h = z.holders.get(lbn);
                    if (h == null) {
                        z.holders.put(lbn, s.readToken);
                        break;
                    }
                    if (h instanceof DataVio d) {
                        // dm-vdo: a read that meets a write holding the LBN copies the write's data
                        System.arraycopy(d.data, 0, dst, off, BLOCK_SIZE);
                        return;
                    }
                    interrupted |= z.await();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            readMapped(lbn, dst, off, s);
        } finally {
            releaseLbn(lbn, s.readToken);
        }
    }

    private void readMapped(long lbn, byte[] dst, int off, Scratch s) {
        long e = blockMap.get(lbn);
        long pbn = BlockMapEntry.packedPbn(e);
        int state = BlockMapEntry.packedState(e);
        if (!BlockMapEntry.isValid(pbn, state) || (pbn != 0 && !depot.isDataBlock(pbn))) {
            throw new VdoException(VdoStatus.BAD_MAPPING, "LBN " + lbn + " maps to " + BlockMapEntry.unpack(e));
        }
        if (pbn == 0) {
            Arrays.fill(dst, off, off + BLOCK_SIZE, (byte) 0);
        } else if (state == MappingState.UNCOMPRESSED) {
            storage.read(pbn, dst, off);
        } else {
            storage.read(pbn, s.block, 0);
            CompressedBlock.locate(s.block, 0, state, s.location);
            decoder.decode(s.location.algorithm(), s.block, s.location.blockOffset(), s.location.size(), dst, off);
            counters.fragmentsRead[s.location.algorithm().ordinal()].increment();
        }
    }

    // ------------------------------------------------------------------ LBN locks (logical zones)

    private void acquireLbn(DataVio dv) {
        LogicalZone z = logicalZone(dv.lbn);
        boolean interrupted = false;
        try {
            while (true) {
                DataVio parked = null;
                long parking = 0;
                synchronized (z) {
                    Object h = z.holders.get(dv.lbn);
                    if (h == null) {
                        z.holders.put(dv.lbn, dv);
                        return;
                    }
                    if (h instanceof DataVio d && d.stage() == PackerEntry.STAGE_IN_BIN) {
                        parked = d;
                        parking = d.parkings();
                    } else {
                        interrupted |= z.await();
                    }
                }
                if (parked != null) {
                    // dm-vdo: a later request to the LBN cancels the holder's compression
                    cancelAndWriteUncompressed(parked, parking);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void releaseLbn(long lbn, Object holder) {
        LogicalZone z = logicalZone(lbn);
        synchronized (z) {
            z.holders.remove(lbn, holder);
            z.wakeAll();
        }
    }

    /** Wakes requests waiting on a data_vio that just parked in the packer, so they can cancel it. */
    private static void notifyParked(LogicalZone lz, HashZone hz) {
        synchronized (lz) {
            lz.wakeAll();
        }
        if (hz != null) {
            synchronized (hz) {
                hz.wakeAll();
            }
        }
    }

    private LogicalZone logicalZone(long lbn) {
        // dm-vdo: zone = (page / 812 mod 60 roots) mod zones; here consecutive pages spread over zones
        return logicalZones[(int) ((lbn ^ (lbn >>> 7)) & (LOGICAL_ZONES - 1))];
    }

    private HashZone hashZone(long h1) {
        return hashZones[RecordName.hashZone(h1, HASH_ZONES)];
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

    static boolean isZero(byte[] b) {
        // dm-vdo tests 512 u64 words; Arrays.mismatch vectorises the same test
        return Arrays.mismatch(b, ZEROS) < 0;
    }

    private static final byte[] ZEROS = new byte[BLOCK_SIZE];

    // ------------------------------------------------------------------ inner types



    /** Per-thread buffers: the steady-state write and read paths allocate nothing. */
    private static final class Scratch {
        final PackerBatch batch = new PackerBatch();
        final CompressionResult result = new CompressionResult();
        final FragmentLocation location = new FragmentLocation();
        final byte[] block = new byte[BLOCK_SIZE];
        final byte[] out = new byte[BLOCK_SIZE];
        final Object readToken = new Object();
        /** Set once the current write's data_vio belongs to the packer (error handling must not touch it). */
        boolean handedOff;
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
            return new VdoVolume(this);
        }
    }
}
