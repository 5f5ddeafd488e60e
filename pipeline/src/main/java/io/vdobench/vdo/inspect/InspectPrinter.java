package io.vdobench.vdo.inspect;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Renders a scan for {@code vdobench inspect}: one text line per fragment, or a JSON document
 * {@code {"fragments": [...], "blocks_scanned": N, ...}} whose fragment objects hold the keys
 * {@code block, slot, algorithm, compressed_size, size, sha256, error} ({@code size} and
 * {@code sha256} are null and {@code error} a string when a fragment fails). Fragments are
 * streamed as they are decoded, so large images need no memory per fragment.
 */
public final class InspectPrinter {
    private InspectPrinter() {
    }

    /** Scans {@code file} and prints to {@code out}; returns the summary. */
    public static ScanSummary print(Path file, boolean json, PrintStream out) throws IOException {
        try (PackedBlockScanner scanner = new PackedBlockScanner()) {
            if (json) {
                out.print("{\"fragments\": [");
                boolean[] first = {true};
                ScanSummary s = scanner.scan(file, r -> {
                    out.print(first[0] ? "\n  " : ",\n  ");
                    first[0] = false;
                    out.print(json(r));
                });
                out.print(first[0] ? "],\n" : "\n],\n");
                out.printf("\"blocks_scanned\": %d,%n", s.blocksScanned());
                out.printf("\"geometry_block\": %s,%n", s.geometryBlock());
                out.printf("\"packed_blocks_v1\": %d,%n", s.packedBlocksV1());
                out.printf("\"packed_blocks_v2\": %d,%n", s.packedBlocksV2());
                out.printf("\"failed_fragments\": %d,%n", s.failedFragments());
                out.printf("\"trailing_bytes\": %d}%n", s.trailingBytes());
                return s;
            }
            out.printf("%-10s %-4s %-4s %-12s %-8s %-6s %s%n", "block", "slot", "ver", "algorithm", "csize", "size", "sha256 / error");
            ScanSummary s = scanner.scan(file, r -> out.println(text(r)));
            if (s.geometryBlock()) {
                out.println("block 0 is a dm-vdo geometry block (dmvdo001, header version " + s.geometryVersion() + ")");
            }
            out.printf("%d blocks scanned: %d packed 1.0, %d packed 2.0 (tagged); %d fragments, %d failed%s%n",
                    s.blocksScanned(), s.packedBlocksV1(), s.packedBlocksV2(), s.fragments(), s.failedFragments(),
                    s.trailingBytes() > 0 ? "; " + s.trailingBytes() + " trailing bytes ignored" : "");
            return s;
        }
    }

    static String text(FragmentReport r) {
        return String.format("%-10d %-4d %-4s %-12s %-8d %-6s %s", r.block(), r.slot(), r.version(), r.algorithm(),
                r.compressedSize(), r.ok() ? Integer.toString(r.size()) : "-", r.ok() ? r.sha256() : "ERROR " + r.error());
    }

    static String json(FragmentReport r) {
        return "{\"block\": " + r.block() + ", \"slot\": " + r.slot() + ", \"algorithm\": " + str(r.algorithm())
                + ", \"compressed_size\": " + r.compressedSize() + ", \"size\": " + (r.ok() ? Integer.toString(r.size()) : "null")
                + ", \"sha256\": " + str(r.sha256()) + ", \"error\": " + str(r.error()) + "}";
    }

    static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
