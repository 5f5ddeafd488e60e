package io.vdobench.ffm.qpl;

import static io.vdobench.ffm.qpl.QplJobLayout.QPL_DEFAULT_LEVEL;
import static io.vdobench.ffm.qpl.QplJobLayout.QPL_FLAG_DYNAMIC_HUFFMAN;
import static io.vdobench.ffm.qpl.QplJobLayout.QPL_FLAG_FIRST;
import static io.vdobench.ffm.qpl.QplJobLayout.QPL_FLAG_LAST;
import static io.vdobench.ffm.qpl.QplJobLayout.QPL_FLAG_OMIT_VERIFY;
import static io.vdobench.ffm.qpl.QplJobLayout.QPL_OP_COMPRESS;
import static io.vdobench.ffm.qpl.QplJobLayout.QPL_OP_DECOMPRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.vdobench.data.DataKind;
import io.vdobench.ffm.iaa.IaaDevice;
import io.vdobench.ffm.iaa.IaaWorkQueue;
import io.vdobench.ffm.iaa.OffloadParameters;
import io.vdobench.ffm.iaa.OffloadParameters.JobCost;
import io.vdobench.ffm.iaa.OffloadParameters.LatencyPoint;
import io.vdobench.ffm.iaa.OffloadParameters.ThroughputPoint;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code vdobench iaa-probe}'s measurements, on libqpl's hardware path only: latency against size (4–128 KiB) at
 * queue depth 1 for fixed and dynamic Huffman, compress and decompress, with pre-touched buffers and once with a
 * cold output buffer (fresh pages: IOMMU faults); throughput with 1, 2, 4 and 8 submitting threads; the time of
 * {@code qpl_submit_job} and of the {@code qpl_check_job} that reaps a finished job. Compress jobs run with
 * {@code QPL_FLAG_OMIT_VERIFY}: the job alone (verification costs one decompress, measured separately). Data is
 * fio-60 %. Never run here (no IAA): {@link #run} refuses a host whose hardware job did not pass.
 */
public final class IaaProbe {
    static final int[] SIZES = {4096, 8192, 16384, 32768, 65536, 131072};
    static final int[] THREADS = {1, 2, 4, 8};
    static final String[] HUFFMAN = {"fixed", "dynamic"};

    /** How many jobs per latency point, per cold point, and how long each throughput point runs. */
    public record Settings(int latencyJobs, int coldJobs, Duration throughputTime) {
        public static final Settings DEFAULT = new Settings(500, 100, Duration.ofSeconds(2));
        public static final Settings QUICK = new Settings(50, 20, Duration.ofMillis(300));
    }

    private final QplLibrary lib = QplLibrary.get();
    private final Settings settings;

    private IaaProbe(Settings settings) {
        this.settings = settings;
    }

    /**
     * Measures this host. {@code setup} must come from {@link IaaSetup#thisHost(boolean)} with a passed hardware job.
     *
     * @throws IllegalStateException when the hardware path is not usable here, with the reason
     */
    public static OffloadParameters run(IaaSetup setup, Settings settings) {
        if (!setup.hardwarePathUsable()) {
            throw new IllegalStateException("the hardware path is unavailable: " + setup.job().status()
                    + (setup.blocker().isEmpty() ? "" : "; " + setup.blocker()));
        }
        IaaWorkQueue wq = setup.host().qplQueues().get(0);
        IaaDevice dev = setup.host().devices().stream().filter(d -> d.workQueues().contains(wq)).findFirst().orElseThrow();
        IaaProbe p = new IaaProbe(settings);
        List<LatencyPoint> latency = new ArrayList<>();
        for (String h : HUFFMAN) {
            latency.addAll(p.latency(h));
        }
        Map<String, JobCost> costs = new TreeMap<>();
        for (String h : HUFFMAN) {
            for (String op : List.of("compress", "decompress")) {
                costs.put(h + "." + op, OffloadParameters.fit(latency.stream()
                        .filter(l -> l.huffman().equals(h) && l.op().equals(op) && l.buffers().equals("pretouched")).toList()));
            }
        }
        List<ThroughputPoint> throughput = new ArrayList<>();
        for (int t : THREADS) {
            throughput.add(p.throughput(t));
        }
        double[] submitComplete = p.submitAndComplete();
        Map<String, String> host = new LinkedHashMap<>(setup.facts());
        host.put("iaa.probe.wq", wq.name());
        return new OffloadParameters(OffloadParameters.FORMAT, "measured", Instant.now(), setup.libqpl(),
                dev.enginesInGroup(wq.groupId()), wq.size(), submitComplete[0], submitComplete[1], costs, latency,
                throughput, host);
    }

    private static int compressFlags(String huffman) {
        return QPL_FLAG_FIRST | QPL_FLAG_LAST | QPL_FLAG_OMIT_VERIFY | (huffman.equals("dynamic") ? QPL_FLAG_DYNAMIC_HUFFMAN : 0);
    }

    private List<LatencyPoint> latency(String huffman) {
        List<LatencyPoint> out = new ArrayList<>();
        int flags = compressFlags(huffman);
        try (QplJob job = new QplJob(lib, QplPath.HARDWARE)) {
            for (int size : SIZES) {
                int cap = size + QplCodec.OUTPUT_HEADROOM;
                MemorySegment in = job.in(cap);
                MemorySegment.copy(DataKind.FIO60.generate(size, size), 0, in, JAVA_BYTE, 0, size);
                MemorySegment outBuf = job.out(cap);
                out.add(point(huffman, "compress", "pretouched", size,
                        () -> job.run(QPL_OP_COMPRESS, flags, QPL_DEFAULT_LEVEL, in, size, outBuf, cap), settings.latencyJobs()));
                int n = job.totalOut();
                MemorySegment z = job.scratch(cap);
                MemorySegment.copy(outBuf, 0, z, 0, n);
                out.add(point(huffman, "decompress", "pretouched", size,
                        () -> job.run(QPL_OP_DECOMPRESS, QPL_FLAG_FIRST | QPL_FLAG_LAST, 0, z, n, outBuf, size),
                        settings.latencyJobs()));
                out.add(cold(job, huffman, flags, in, size, cap));
            }
        }
        return out;
    }

    /** Compress into fresh, untouched pages every time: the first device write to each page faults. */
    private LatencyPoint cold(QplJob job, String huffman, int flags, MemorySegment in, int size, int cap) {
        double[] us = new double[settings.coldJobs()];
        for (int i = 0; i < us.length; i++) {
            try (FreshPages pages = new FreshPages(cap)) {
                long t0 = System.nanoTime();
                int st = job.run(QPL_OP_COMPRESS, flags, QPL_DEFAULT_LEVEL, in, size, pages.segment(), cap);
                us[i] = (System.nanoTime() - t0) / 1000.0;
                requireOk(st, "cold compress");
            }
        }
        return new LatencyPoint(huffman, "compress", "cold", size, median(us));
    }

    private interface Job {
        int run();
    }

    private static LatencyPoint point(String huffman, String op, String buffers, int size, Job job, int n) {
        for (int i = 0; i < Math.max(10, n / 10); i++) {
            requireOk(job.run(), op + " warm-up");
        }
        double[] us = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            int st = job.run();
            us[i] = (System.nanoTime() - t0) / 1000.0;
            requireOk(st, op);
        }
        return new LatencyPoint(huffman, op, buffers, size, median(us));
    }

    /** 4 KiB fixed-Huffman compresses from {@code threads} threads, each with its own job, for the set time. */
    private ThroughputPoint throughput(int threads) {
        int size = 4096;
        int cap = size + QplCodec.OUTPUT_HEADROOM;
        int flags = compressFlags("fixed");
        byte[] data = DataKind.FIO60.generate(size, size);
        AtomicLong jobs = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        List<RuntimeException> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        long[] window = new long[2];
        for (int t = 0; t < threads; t++) {
            ts.add(Thread.ofPlatform().name("iaa-probe-" + t).start(() -> {
                try (QplJob job = new QplJob(lib, QplPath.HARDWARE)) {
                    MemorySegment in = job.in(cap);
                    MemorySegment.copy(data, 0, in, JAVA_BYTE, 0, size);
                    MemorySegment out = job.out(cap);
                    ready.countDown();
                    go.await();
                    long n = 0;
                    while (System.nanoTime() < window[1]) {
                        requireOk(job.run(QPL_OP_COMPRESS, flags, QPL_DEFAULT_LEVEL, in, size, out, cap), "throughput compress");
                        n++;
                    }
                    jobs.addAndGet(n);
                } catch (RuntimeException e) {
                    errors.add(e);
                    ready.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        try {
            ready.await();
            window[0] = System.nanoTime();
            window[1] = window[0] + settings.throughputTime().toNanos();
            go.countDown();
            for (Thread t : ts) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        double seconds = (System.nanoTime() - window[0]) / 1e9;
        return new ThroughputPoint("fixed", "compress", size, threads, jobs.get() / seconds);
    }

    /** Median wall time (µs) of {@code qpl_submit_job}, and of the {@code qpl_check_job} call that reaps the job. */
    private double[] submitAndComplete() {
        int size = 4096;
        int cap = size + QplCodec.OUTPUT_HEADROOM;
        int flags = compressFlags("fixed");
        double[] submit = new double[settings.latencyJobs()];
        double[] complete = new double[settings.latencyJobs()];
        try (QplJob job = new QplJob(lib, QplPath.HARDWARE)) {
            MemorySegment in = job.in(cap);
            MemorySegment.copy(DataKind.FIO60.generate(size, size), 0, in, JAVA_BYTE, 0, size);
            MemorySegment out = job.out(cap);
            for (int i = 0; i < submit.length; i++) {
                long t0 = System.nanoTime();
                int st = job.submit(QPL_OP_COMPRESS, flags, QPL_DEFAULT_LEVEL, in, size, out, cap);
                long t1 = System.nanoTime();
                requireOk(st, "qpl_submit_job");
                long last;
                do {
                    last = System.nanoTime();
                    st = job.check();
                } while (st == QplStatus.QPL_STS_BEING_PROCESSED.code());
                complete[i] = (System.nanoTime() - last) / 1000.0;
                submit[i] = (t1 - t0) / 1000.0;
                requireOk(st, "qpl_check_job");
            }
        }
        return new double[] {median(submit), median(complete)};
    }

    private static void requireOk(int st, String what) {
        if (st != QplStatus.QPL_STS_OK.code()) {
            throw new QplException("iaa-probe " + what, st);
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
