package io.vdobench.conformance.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One transplant: copy the kernel-writes image, overwrite one packed block with a
 * {@link BlockRewrite}, boot the stock kernel on it (no reformat) and read the affected LBNs plus
 * control LBNs one 4 KiB block at a time with direct I/O.
 */
public final class Transplant {
    /** Outcome of reading one LBN through dm-vdo after the transplant. */
    public record Read(long lbn, int ddExit, byte[] data) {
        public boolean ok() {
            return ddExit == 0 && data != null;
        }
    }

    /** Everything a test needs to judge a transplant. */
    public record Outcome(List<PackedBlock> targets, List<byte[]> written, List<Long> affected, List<Long> controls,
                          Map<Long, Read> reads, String statusAfter, List<String> vdoErrors, KernelHarness.Boot boot) {
    }

    private Transplant() {
    }

    /** The live packed block with the most used slots (ties: lowest PBN). */
    public static PackedBlock pickTarget(KernelWritesRun run) {
        return run.packedV1().stream()
                .max((a, b) -> a.usedSlots() != b.usedSlots() ? Integer.compare(a.usedSlots(), b.usedSlots())
                        : Long.compare(b.pbn(), a.pbn()))
                .orElseThrow(() -> new AssertionError("the kernel-writes image holds no packed block"));
    }

    /**
     * One packed block per data kind written compressed (fio 60 %, text, short runs): the one with
     * the most slots of each, so 2-slot and 14-slot blocks are both covered.
     */
    public static List<PackedBlock> pickTargets(KernelWritesRun run) {
        Map<Long, PackedBlock> byPbn = new TreeMap<>();
        run.packedV1().forEach(p -> byPbn.put(p.pbn(), p));
        Map<KernelWritesData.Kind, PackedBlock> best = new LinkedHashMap<>();
        run.blockMap().forEach((lbn, m) -> {
            if (m.compressed() && m.slot() == 0 && byPbn.containsKey(m.pbn())) {
                PackedBlock p = byPbn.get(m.pbn());
                best.merge(KernelWritesData.kindOf(lbn), p, (a, b) -> b.usedSlots() > a.usedSlots() ? b : a);
            }
        });
        if (best.isEmpty()) {
            throw new AssertionError("the kernel-writes image holds no packed block");
        }
        return List.copyOf(new java.util.LinkedHashSet<>(best.values()));
    }

    public static Outcome run(KernelWritesRun run, PackedBlock target, BlockRewrite rewrite, String name)
            throws IOException, InterruptedException {
        return run(run, List.of(target), rewrite, name);
    }

    public static Outcome run(KernelWritesRun run, List<PackedBlock> targets, BlockRewrite rewrite, String name)
            throws IOException, InterruptedException {
        TreeMap<Long, BlockMapDump.Mapping> map = run.blockMap();
        Path dir = run.harness().runDir("transplant-" + name);
        Path image = dir.resolve("backing.img");
        Files.deleteIfExists(image);
        KernelHarness.copySparse(run.backing(), image);
        List<Long> affected = new ArrayList<>();
        List<byte[]> written = new ArrayList<>();
        java.util.Set<Long> targetPbns = new java.util.HashSet<>();
        for (PackedBlock target : targets) {
            targetPbns.add(target.pbn());
            map.forEach((lbn, m) -> {
                if (m.compressed() && m.pbn() == target.pbn()) {
                    affected.add(lbn);
                }
            });
            byte[] block = rewrite.rewrite(target, slotData(run, target));
            written.add(block);
            PackedBlockScanner.writeBlock(image, target.pbn(), block);
        }
        List<Long> controls = controls(map, targetPbns);
        Path lbns = dir.resolve("lbns.txt");
        List<String> lines = new ArrayList<>();
        affected.forEach(l -> lines.add(Long.toString(l)));
        controls.forEach(l -> lines.add(Long.toString(l)));
        Files.write(lbns, lines);

        KernelHarness.Boot boot = run.harness().boot("read-after-transplant", image, null, dir.resolve("out"),
                List.of(lbns), Map.of(), 1200);
        boot.require();
        Map<Long, Read> reads = new LinkedHashMap<>();
        for (String line : Files.readAllLines(boot.result("lbn-status.txt"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 2) {
                continue;
            }
            long lbn = Long.parseLong(f[0]);
            int exit = Integer.parseInt(f[1]);
            Path data = boot.result("lbn-" + lbn + ".bin");
            reads.put(lbn, new Read(lbn, exit, exit == 0 && Files.exists(data) ? Files.readAllBytes(data) : null));
        }
        String status = Files.readString(boot.result("dmsetup-status-after.txt")).trim();
        List<String> errors = Files.readAllLines(boot.result("dmesg.txt")).stream()
                .filter(l -> l.contains("vdo") && (l.toLowerCase().contains("error") || l.contains("1483")
                        || l.toLowerCase().contains("invalid") || l.toLowerCase().contains("fragment")))
                .toList();
        return new Outcome(targets, written, affected, controls, reads, status, errors, boot);
    }

    /** Slot i of {@code target} = the logical data of an LBN the block map sends to that slot. */
    public static List<byte[]> slotData(KernelWritesRun run, PackedBlock target) {
        byte[][] slotData = new byte[target.usedSlots()][];
        run.blockMap().forEach((lbn, m) -> {
            if (m.compressed() && m.pbn() == target.pbn() && m.slot() < slotData.length) {
                slotData[m.slot()] = KernelWritesData.block(lbn);
            }
        });
        for (int s = 0; s < slotData.length; s++) {
            if (slotData[s] == null) {
                throw new AssertionError("slot " + s + " of " + target + " is referenced by no LBN");
            }
        }
        return Arrays.asList(slotData);
    }

    /** Control LBNs outside the target: one from another packed block, one uncompressed, one zero block. */
    static List<Long> controls(TreeMap<Long, BlockMapDump.Mapping> map, java.util.Set<Long> targetPbns) {
        Long otherPacked = null;
        Long uncompressed = null;
        Long zero = null;
        for (var e : map.entrySet()) {
            BlockMapDump.Mapping m = e.getValue();
            if (otherPacked == null && m.compressed() && !targetPbns.contains(m.pbn())) {
                otherPacked = e.getKey();
            } else if (uncompressed == null && m.state() == 1 && m.pbn() != 0) {
                uncompressed = e.getKey();
            } else if (zero == null && m.zeroBlock()) {
                zero = e.getKey();
            }
        }
        List<Long> out = new ArrayList<>();
        for (Long l : new Long[] {otherPacked, uncompressed, zero}) {
            if (l != null) {
                out.add(l);
            }
        }
        return out;
    }

    /** "normal" etc.: the mode field of a dm-vdo status line. */
    public static String mode(String statusLine) {
        String[] f = statusLine.trim().split("\\s+");
        return f.length > 4 ? f[4] : "?";
    }
}
