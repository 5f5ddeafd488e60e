package io.vdobench.conformance.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One boot of the kernel-writes scenario, shared by every test class in the JVM (a boot costs
 * seconds to minutes): the guest formats a fresh 12 GiB sparse image, writes
 * {@link KernelWritesData}, reads it back and dumps its block map. The backing image stays in
 * {@link #backing()} for later boots (tests copy it before changing it).
 */
public final class KernelWritesRun {
    /** LBNs checked through {@code vdodumpblockmap --lba}: one per layout range plus page/range edges. */
    public static final List<Long> SPOT_LBNS = List.of(0L, 1L, 767L, 768L, 811L, 812L, 1024L, 1279L, 1280L,
            1536L, 1792L, 2047L);

    private static KernelWritesRun instance;
    private static Throwable failure;

    private final KernelHarness harness;
    private final KernelHarness.Boot boot;
    private final Path backing;
    private final byte[] readback;
    private final TreeMap<Long, BlockMapDump.Mapping> blockMap;
    private final Map<Long, BlockMapDump.Mapping> spotChecks;
    private final List<PackedBlock> packedV1;
    private final Map<String, String> vdostats;

    private KernelWritesRun() throws IOException, InterruptedException {
        harness = KernelHarness.locate();
        Path dir = harness.runDir("kernel-writes");
        Path input = KernelWritesData.write(dir.resolve("data.bin"));
        backing = dir.resolve("backing.img");
        StringBuilder spots = new StringBuilder();
        for (Long l : SPOT_LBNS) {
            spots.append(spots.isEmpty() ? "" : ",").append(l);
        }
        boot = harness.boot("kernel-writes", backing, "12G", dir.resolve("out"), List.of(input),
                Map.of("VDO_SPOT_LBNS", spots.toString()), 1200);
        boot.require();
        readback = Files.readAllBytes(boot.result("readback.bin"));
        blockMap = BlockMapDump.parse(boot.result("blockmap.txt"));
        spotChecks = BlockMapDump.parseLbaLines(Files.readAllLines(boot.result("blockmap-lba.txt")));
        packedV1 = PackedBlockScanner.scan(backing, 1);
        vdostats = KernelHarness.readColonTable(boot.result("vdostats.txt"));
    }

    /**
     * Boots once per JVM; later calls return the same run or rethrow its failure (a failed first boot
     * is not retried by every test: one boot's console is what run.sh reports).
     */
    public static synchronized KernelWritesRun get() throws IOException, InterruptedException {
        if (failure != null) {
            throw new IllegalStateException("the kernel-writes boot already failed in this JVM", failure);
        }
        if (instance == null) {
            try {
                instance = new KernelWritesRun();
            } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
                failure = e;
                throw e;
            }
        }
        return instance;
    }

    public KernelHarness harness() {
        return harness;
    }

    public KernelHarness.Boot boot() {
        return boot;
    }

    public Path backing() {
        return backing;
    }

    public byte[] readback() {
        return readback;
    }

    public TreeMap<Long, BlockMapDump.Mapping> blockMap() {
        return blockMap;
    }

    public Map<Long, BlockMapDump.Mapping> spotChecks() {
        return spotChecks;
    }

    public List<PackedBlock> packedV1() {
        return packedV1;
    }

    public Map<String, String> vdostats() {
        return vdostats;
    }

    public long vdostat(String key) {
        String v = vdostats.get(key);
        if (v == null) {
            throw new AssertionError("vdostats has no '" + key + "'; keys: " + vdostats.keySet());
        }
        return Long.parseLong(v);
    }
}
