package io.vdobench.report.gate;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The deterministic gate: compressed bytes, output hashes, does-not-fit counts and round-trip
 * equality must equal the baseline exactly. Every baseline row is judged where it can be: a row whose
 * library version differs cannot be (a new library may legitimately write other bytes), nor one whose
 * backend is unavailable on this host, nor a new row; each is listed as "not judged" with the reason.
 * A baseline row that is simply absent now (a codec that vanished) fails.
 */
public final class DeterministicGate {
    static final String[] HEADER = {"subject", "version", "kind", "block_size", "blocks", "compressed_bytes",
        "does_not_fit", "sha256", "round_trip"};
    /** Optional: absent in baselines written before pipeline rows existed. */
    static final String PACKING = "packing";

    /** Outcome per row. */
    public enum Status {
        SAME, CHANGED, BROKEN,
        /** Not judged: the library that writes the bytes is another version than the baseline's. */
        VERSION_CHANGED,
        /** Not judged: no baseline row. */
        NEW,
        /** Not judged: the backend reports itself unavailable on this host. */
        UNAVAILABLE,
        /** A baseline row this run did not produce although its backend is available (or unknown): fails. */
        MISSING
    }

    public record Finding(String key, Status status, String detail) {
    }

    private DeterministicGate() {
    }

    public static List<Finding> compare(List<Fingerprint.Row> baseline, List<Fingerprint.Row> current) {
        return compare(baseline, current, Map.of());
    }

    /**
     * @param unavailable subjects (codec ids, {@code pipeline:<policy>}) whose backend is unavailable on
     *                    this host, with the backend's reason: their baseline rows are not judged
     */
    public static List<Finding> compare(List<Fingerprint.Row> baseline, List<Fingerprint.Row> current,
                                        Map<String, String> unavailable) {
        Map<String, Fingerprint.Row> base = new LinkedHashMap<>();
        baseline.forEach(r -> base.put(r.key(), r));
        List<Finding> out = new ArrayList<>();
        for (Fingerprint.Row c : current) {
            Fingerprint.Row b = base.remove(c.key());
            if (!c.roundTrip()) {
                out.add(new Finding(c.key(), Status.BROKEN, "round trip failed"));
            } else if (b == null) {
                out.add(new Finding(c.key(), Status.NEW, "not judged: no baseline row (add it with --write-deterministic)"));
            } else if (!b.version().equals(c.version())) {
                out.add(new Finding(c.key(), Status.VERSION_CHANGED,
                        "not judged: library " + b.version() + " -> " + c.version()
                                + " (another version may write other bytes; re-baseline deliberately)"));
            } else if (!b.facts().equals(c.facts())) {
                out.add(new Finding(c.key(), Status.CHANGED, String.format(
                        "compressed bytes %d -> %d, does-not-fit %d -> %d%s%s", b.compressedBytes(), c.compressedBytes(),
                        b.doesNotFit(), c.doesNotFit(), b.sha256().equals(c.sha256()) ? "" : ", output bytes differ",
                        b.packing().equals(c.packing()) ? "" : ", packing " + b.packing() + " -> " + c.packing())));
            } else {
                out.add(new Finding(c.key(), Status.SAME, ""));
            }
        }
        for (Fingerprint.Row b : base.values()) {
            String reason = unavailable.get(b.subject());
            out.add(reason != null ? new Finding(b.key(), Status.UNAVAILABLE, "not judged: " + reason)
                    : new Finding(b.key(), Status.MISSING, "in the baseline but not produced by this run"));
        }
        return out;
    }

    /** True when a finding fails the gate. */
    public static boolean fails(Finding f) {
        return f.status() == Status.CHANGED || f.status() == Status.BROKEN || f.status() == Status.MISSING;
    }

    public static void write(List<Fingerprint.Row> rows, Writer w) {
        String[] header = java.util.Arrays.copyOf(HEADER, HEADER.length + 1);
        header[HEADER.length] = PACKING;
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header).get())) {
            for (Fingerprint.Row r : rows) {
                p.printRecord(r.subject(), r.version(), r.kind(), r.blockSize(), r.blocks(), r.compressedBytes(),
                        r.doesNotFit(), r.sha256(), r.roundTrip(), r.packing());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Fingerprint.Row> read(Reader r) {
        List<Fingerprint.Row> rows = new ArrayList<>();
        try {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
                for (String col : HEADER) {
                    if (!rec.isMapped(col)) {
                        throw new GateInputException("deterministic baseline lacks column '" + col + "'");
                    }
                }
                rows.add(new Fingerprint.Row(rec.get("subject"), rec.get("version"), rec.get("kind"),
                        Integer.parseInt(rec.get("block_size")), Integer.parseInt(rec.get("blocks")),
                        Long.parseLong(rec.get("compressed_bytes")), Integer.parseInt(rec.get("does_not_fit")),
                        rec.get("sha256"), Boolean.parseBoolean(rec.get("round_trip")),
                        rec.isMapped(PACKING) ? rec.get(PACKING) : ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NumberFormatException e) {
            throw new GateInputException("deterministic baseline has a bad number: " + e.getMessage());
        }
        return rows;
    }
}
