package io.vdobench.conformance.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the full-tree output of {@code vdodumpblockmap <device>} (one line per non-empty entry:
 * {@code PBN <page> slot <s> height <h> -> PBN <target> (compression state <state>)}) into an
 * LBN → mapping table.
 *
 * <p>The tool prints the tree walk, not LBNs, so the LBN is rebuilt from dm-vdo's addressing:
 * page_number = LBN / 812; root = page_number % 60; within a root's tree the page index is
 * page_number / 60, whose base-812 digits are the slots at heights 1..4. Root pages are
 * consecutive PBNs from the block map's root origin, so root index = root PBN − root-0 PBN; that
 * needs root 0 to be present, i.e. LBN 0 written (the scenario always writes it). The scenario
 * also runs {@code vdodumpblockmap --lba} for a few LBNs, and tests compare those with this table.
 */
public final class BlockMapDump {
    public static final int ENTRIES_PER_PAGE = 812;
    public static final int ROOTS = 60;
    public static final int HEIGHT = 5;

    /** One block map entry: PBN and mapping state (0 unmapped, 1 uncompressed, 2..15 slot 0..13). */
    public record Mapping(long pbn, int state) {
        public boolean compressed() {
            return state > 1;
        }

        public int slot() {
            if (!compressed()) {
                throw new IllegalStateException("mapping state " + state + " is not compressed");
            }
            return state - 2;
        }

        public boolean zeroBlock() {
            return pbn == 0 && state == 1;
        }
    }

    private static final Pattern LINE = Pattern.compile(
            "PBN (\\d+)\\s+slot (\\d+)\\s+height (\\d+)\\s+-> PBN (\\d+) \\(compression state (\\d+)\\)");
    private static final Pattern LBA_LINE = Pattern.compile("^(\\d+)\\s+(unmapped|mapped|compressed)\\s+(\\d+)(?: slot (\\d+))?");

    private BlockMapDump() {
    }

    private record Parent(long pagePbn, int slot, int height) {
    }

    /** LBN → mapping for every leaf entry in the dump. */
    public static TreeMap<Long, Mapping> parse(List<String> lines) {
        Map<Long, Parent> parentOf = new HashMap<>(); // child page PBN -> where it hangs
        Map<Long, Integer> heightOf = new HashMap<>();
        record Leaf(long page, int slot, long pbn, int state) {
        }
        java.util.ArrayList<Leaf> leaves = new java.util.ArrayList<>();
        long minRoot = Long.MAX_VALUE;
        int matched = 0;
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            matched++;
            long page = Long.parseLong(m.group(1));
            int slot = Integer.parseInt(m.group(2));
            int height = Integer.parseInt(m.group(3));
            long target = Long.parseLong(m.group(4));
            int state = Integer.parseInt(m.group(5));
            heightOf.put(page, height);
            if (height == 0) {
                leaves.add(new Leaf(page, slot, target, state));
            } else {
                parentOf.put(target, new Parent(page, slot, height));
                if (height == HEIGHT - 1) {
                    minRoot = Math.min(minRoot, page);
                }
            }
        }
        if (matched == 0) {
            throw new IllegalArgumentException("no block map entries in the dump");
        }
        TreeMap<Long, Mapping> out = new TreeMap<>();
        for (Leaf leaf : leaves) {
            long pageIndex = 0;
            long page = leaf.page();
            for (int h = 1; h < HEIGHT; h++) {
                Parent p = parentOf.get(page);
                if (p == null || p.height() != h) {
                    throw new IllegalArgumentException("leaf page " + leaf.page() + " has no parent at height " + h);
                }
                pageIndex += p.slot() * pow812(h - 1);
                page = p.pagePbn();
            }
            long root = page - minRoot;
            if (root < 0 || root >= ROOTS) {
                throw new IllegalArgumentException("root page " + page + " is not within 60 of the lowest root " + minRoot);
            }
            long pageNumber = pageIndex * ROOTS + root;
            long lbn = pageNumber * ENTRIES_PER_PAGE + leaf.slot();
            out.put(lbn, new Mapping(leaf.pbn(), leaf.state()));
        }
        return out;
    }

    public static TreeMap<Long, Mapping> parse(Path dump) throws IOException {
        return parse(Files.readAllLines(dump));
    }

    /** Parses {@code vdodumpblockmap --lba=N} lines: "N mapped PBN", "N compressed PBN slot S", "N unmapped PBN". */
    public static Map<Long, Mapping> parseLbaLines(List<String> lines) {
        Map<Long, Mapping> out = new TreeMap<>();
        for (String line : lines) {
            Matcher m = LBA_LINE.matcher(line.trim());
            if (!m.find()) {
                continue;
            }
            long lbn = Long.parseLong(m.group(1));
            long pbn = Long.parseLong(m.group(3));
            int state = switch (m.group(2)) {
                case "unmapped" -> 0;
                case "mapped" -> 1;
                default -> 2 + Integer.parseInt(m.group(4));
            };
            out.put(lbn, new Mapping(pbn, state));
        }
        return out;
    }

    private static long pow812(int e) {
        long r = 1;
        for (int i = 0; i < e; i++) {
            r *= ENTRIES_PER_PAGE;
        }
        return r;
    }
}
