package io.vdobench.fio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Turns fio JSON results into {@link CaseResult}s of one policy. */
public final class FioCaseResults {
    private FioCaseResults() {
    }

    /** One reporting group of a fio run, identified as a matrix case. */
    public record Measurement(MatrixCase matrixCase, FioGroup group, IoStats stats) {
    }

    /**
     * Identifies every reporting group: by job name when it is a case id (as {@link JobFileGenerator}
     * names sections), otherwise by the {@code rw}, {@code bs} and {@code numjobs} options.
     *
     * @throws IllegalArgumentException if a group matches no case of the matrix
     */
    public static List<Measurement> measurements(FioResult r, Matrix matrix) {
        List<Measurement> out = new ArrayList<>();
        for (FioGroup g : r.groups()) {
            for (FioJob j : g.jobs()) {
                if (j.error() != 0) {
                    // fio still reports partial numbers for a failed job; they must not enter a comparison
                    throw new IllegalArgumentException("fio job '" + j.jobname() + "' reported error " + j.error());
                }
            }
            MatrixCase c = identify(r, g, matrix);
            out.add(new Measurement(c, g, g.stats(c.pattern())));
        }
        return out;
    }

    static MatrixCase identify(FioResult r, FioGroup g, Matrix matrix) {
        for (MatrixCase c : matrix.cases()) {
            if (c.id().equals(g.name())) {
                return c;
            }
        }
        Map<String, String> o = r.effectiveOptions(g.jobs().get(0));
        String rw = o.get("rw") != null ? o.get("rw") : o.get("readwrite");
        String bs = o.get("bs") != null ? o.get("bs") : o.get("blocksize");
        if (rw == null || bs == null) {
            throw new IllegalArgumentException("fio group '" + g.name() + "' is not a matrix case and lacks rw/bs options");
        }
        int numjobs = o.containsKey("numjobs") ? Integer.parseInt(o.get("numjobs").trim())
                : g.jobs().size();
        int blockSize = Math.toIntExact(MatrixCase.parseSize(bs.split(",")[0]));
        MatrixCase c = matrix.find(IoPattern.ofFio(rw), blockSize, numjobs);
        if (c == null) {
            throw new IllegalArgumentException("fio group '" + g.name() + "' (rw=" + rw + " bs=" + bs + " numjobs="
                    + numjobs + ") is not a case of the matrix");
        }
        return c;
    }

    /**
     * One {@link CaseResult} per case over several fio runs of the same policy: a case measured once
     * gets its {@code bw_bytes}; a case measured in several runs gets the runs as samples.
     */
    public static List<CaseResult> fromFio(List<FioResult> runs, String policy, Matrix matrix) {
        Map<MatrixCase, List<Double>> bw = new LinkedHashMap<>();
        for (FioResult r : runs) {
            for (Measurement m : measurements(r, matrix)) {
                if (m.stats().bwBytes() <= 0) {
                    throw new IllegalArgumentException("case " + m.matrixCase().id() + " of policy " + policy
                            + " moved no data (bw_bytes=0); a failed or empty fio run?");
                }
                bw.computeIfAbsent(m.matrixCase(), k -> new ArrayList<>()).add((double) m.stats().bwBytes());
            }
        }
        List<CaseResult> out = new ArrayList<>();
        for (var e : bw.entrySet()) {
            double[] s = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            out.add(s.length == 1 ? CaseResult.of(e.getKey(), policy, s[0])
                    : CaseResult.ofSamples(e.getKey(), policy, s));
        }
        return out;
    }

    /** All {@code *.json} files in {@code dir} (not {@code prefill.json}), as written by {@code run.sh}. */
    public static List<CaseResult> fromDirectory(Path dir, String policy, Matrix matrix) throws IOException {
        List<FioResult> runs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().equals("prefill.json")).sorted().toList()) {
                runs.add(FioJsonParser.parse(f));
            }
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no fio JSON results in " + dir);
        }
        return fromFio(runs, policy, matrix);
    }
}
