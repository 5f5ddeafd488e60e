package io.vdobench.report.offload;

import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * The hand-off part of a data_vio's CPU outside hash, compress, pack and decompress (its "rest";
 * docs/OFFLOAD-MODEL.md §2a). The rest is not a constant of the path: dm-vdo's threads sleep on empty work
 * queues, and a slow pipeline wakes a sleeping thread for nearly every hand-off where a fast one serves several
 * completions per wake-up. Across a run's cases the rest per data_vio fits
 * {@code rest = a + c/B + β/X} (X data_vios per second, B data_vios per bio): a fixed part per data_vio, one
 * per bio, and β cores of wake-up CPU that do not grow with the throughput, so per data_vio they fall as it rises.
 * β is fitted on the run's own cases (least squares), never typed in.
 *
 * <p>The model uses β only: anchored at the base case's measured rest {@code r0} at its rate {@code X0},
 * {@code rest(X) = max(0, r0 + β_case·(1/X − 1/X0))}, {@code β_case = min(β, r0·X0)} (the wake-up part cannot
 * exceed the rest measured), so the base's own rate gives back its own rest.
 *
 * @param cores    β: CPU (cores) of hand-off that does not scale with the throughput; 0 = rest constant
 * @param perDataVioUs a, per bio {@code perBioUs} c: the fit's other terms (reported, not used)
 * @param runs     cases the fit used
 * @param rmseUs   the fit's root mean square error on them, µs per data_vio
 * @param fittedOn which runs (e.g. {@code lz4 write threads})
 */
public record HandOff(double cores, double perDataVioUs, double perBioUs, int runs, double rmseUs, String fittedOn) {

    /** No hand-off term: the rest is a constant of the path (the model before the term). */
    public static final HandOff NONE = new HandOff(0, Double.NaN, Double.NaN, 0, Double.NaN, "none");

    /**
     * Fewer cases than this, or rates within 10 % of each other, leave the rest constant: three terms need
     * spread.
     */
    static final int MIN_RUNS = 6;

    /**
     * Least squares of {@code rest = a + c/B + β/X} over {@code runs} (one I/O direction and execution);
     * β below 0 (a rest that grows with the rate) is taken as 0, i.e. no hand-off term.
     */
    public static HandOff fit(List<StageCosts> runs, String fittedOn) {
        if (runs.size() < MIN_RUNS) {
            return new HandOff(0, Double.NaN, Double.NaN, runs.size(), Double.NaN, fittedOn + " (too few cases)");
        }
        double[] y = new double[runs.size()];
        double[][] x = new double[runs.size()][];
        double slowest = 0;
        double fastest = Double.POSITIVE_INFINITY;
        boolean sizesVary = false;
        for (int i = 0; i < runs.size(); i++) {
            StageCosts s = runs.get(i);
            y[i] = s.restPerDataVio();
            double perRate = 1e6 / s.dataViosPerSecond();
            slowest = Math.max(slowest, perRate);
            fastest = Math.min(fastest, perRate);
            sizesVary |= s.blockSize() != runs.get(0).blockSize();
        }
        if (slowest < 1.1 * fastest) {
            return new HandOff(0, Double.NaN, Double.NaN, runs.size(), Double.NaN, fittedOn + " (rates do not vary)");
        }
        for (int i = 0; i < runs.size(); i++) {
            StageCosts s = runs.get(i);
            double perRate = 1e6 / s.dataViosPerSecond();
            // one bio size: its term is the intercept's, so it is left out (c reported as 0)
            x[i] = sizesVary ? new double[] {1.0 / s.blocksPerIo(), perRate} : new double[] {perRate};
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, x);
        double[] b;
        try {
            b = ols.estimateRegressionParameters();
        } catch (SingularMatrixException e) {
            return new HandOff(0, Double.NaN, Double.NaN, runs.size(), Double.NaN, fittedOn + " (sizes and rates collinear)");
        }
        double rmse = Math.sqrt(ols.calculateResidualSumOfSquares() / runs.size());
        double beta = sizesVary ? b[2] : b[1];
        return new HandOff(Math.max(0, beta), b[0], sizesVary ? b[1] : 0, runs.size(), rmse, fittedOn);
    }

    /**
     * The rest per data_vio (µs) at {@code x} data_vios per second of a case whose measured rest was {@code r0} µs
     * at {@code x0}: the hand-off part scaled by {@code x0/x}.
     */
    public double restAt(double r0, double x0, double x) {
        double part = Math.min(cores, Math.max(0, r0) * x0 / 1e6); // cores; the measured rest bounds it
        return Math.max(0, r0 + part * 1e6 * (1 / x - 1 / x0));
    }

    /** e.g. {@code β = 1.13 cores (a 0.42 + c/B 4.10 µs; 54 lz4 write threads cases, rmse 1.06 µs)}. */
    public String describe() {
        if (runs == 0 || Double.isNaN(rmseUs)) {
            return String.format(Locale.ROOT, "β = %.2f cores (%s)", cores, fittedOn);
        }
        return String.format(Locale.ROOT, "β = %.2f cores (a %.2f + c/B %.2f µs; %d cases of %s, rmse %.2f µs)", cores,
                perDataVioUs, perBioUs, runs, fittedOn, rmseUs);
    }
}
