package io.vdobench.report.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import io.vdobench.report.model.BandwidthInterval;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The bandwidth interval of each matrix case per policy, over the run's unit of replication: the forks' means when
 * JMH ran several forks, else the iterations of its one fork. The interval is Student's t on log bandwidth, turned
 * back: {@code exp(mean ± t·sd/√n)} of the logs, a 95 % interval of the geometric mean. Being a ratio interval it
 * cannot go below zero, unlike JMH's {@code score ± scoreError}, which on 3 short iterations often does.
 */
public final class CaseIntervals {
    static final double CONFIDENCE = 0.95;

    private CaseIntervals() {
    }

    /** Intervals for every row with at least two replicates (JMH rawData: one array of iterations per fork). */
    public static List<BandwidthInterval> of(List<MatrixResults.Row> rows) {
        List<BandwidthInterval> out = new ArrayList<>();
        for (MatrixResults.Row r : rows) {
            List<double[]> forks = new ArrayList<>();
            for (JsonNode fork : r.jmh().path("primaryMetric").path("rawData")) {
                double[] it = new double[fork.size()];
                for (int i = 0; i < it.length; i++) {
                    it[i] = fork.get(i).asDouble();
                }
                forks.add(it);
            }
            double[] ops;
            String unit;
            if (forks.size() >= 2) {
                ops = forks.stream().mapToDouble(f -> java.util.Arrays.stream(f).average().orElse(Double.NaN)).toArray();
                unit = ops.length + " forks (each fork's mean)";
            } else if (forks.size() == 1) {
                ops = forks.get(0);
                unit = ops.length + " iterations of its one fork";
            } else {
                continue;
            }
            double scale = r.matrixCase().blockSize() / 1e6;
            double[] mbs = java.util.Arrays.stream(ops).map(v -> v * scale).toArray();
            double[] lohi = logT(mbs, CONFIDENCE);
            if (lohi != null) {
                out.add(new BandwidthInterval(r.matrixCase(), r.policy(), lohi[0], lohi[1], CONFIDENCE,
                        String.format(Locale.ROOT, "%.0f %% t interval on log MB/s over %s", CONFIDENCE * 100, unit)));
            }
        }
        return out;
    }

    /** {low, high} of the geometric mean of positive {@code x}, or null with fewer than two positive values. */
    static double[] logT(double[] x, double confidence) {
        if (x.length < 2 || java.util.Arrays.stream(x).anyMatch(v -> !(v > 0) || Double.isInfinite(v))) {
            return null;
        }
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += Math.log(v);
        }
        mean /= n;
        double ss = 0;
        for (double v : x) {
            ss += (Math.log(v) - mean) * (Math.log(v) - mean);
        }
        double half = new TDistribution(n - 1).inverseCumulativeProbability(0.5 + confidence / 2)
                * Math.sqrt(ss / (n - 1) / n);
        return new double[] {Math.exp(mean - half), Math.exp(mean + half)};
    }
}
