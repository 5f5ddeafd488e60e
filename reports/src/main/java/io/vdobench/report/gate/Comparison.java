package io.vdobench.report.gate;

/**
 * The gate's finding for one benchmark.
 *
 * @param key        benchmark with parameters
 * @param unit       score unit
 * @param direction  +1 bigger is better, -1 smaller is better
 * @param baseline   baseline median (NaN when missing)
 * @param current    current median, normalised if calibration applied (NaN when missing)
 * @param change     (current − baseline) / baseline of the medians; sign as measured, not as judged
 * @param changeLow  lower end of the 95 % bootstrap interval of {@code change}
 * @param changeHigh upper end of that interval
 * @param pValue     two-sided Mann-Whitney p-value (NaN when not computed)
 * @param floor      the effect floor that applied to this benchmark (relative)
 * @param verdict    the verdict
 * @param reason     why, in words
 */
public record Comparison(String key, String unit, int direction, double baseline, double current, double change,
                         double changeLow, double changeHigh, double pValue, double floor, Verdict verdict,
                         String reason) {
}
