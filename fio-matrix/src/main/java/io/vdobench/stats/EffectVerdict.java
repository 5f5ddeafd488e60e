package io.vdobench.stats;

/** What a comparison of B with A settles, after the multiple-comparison correction. */
public enum EffectVerdict {
    B_FASTER("B faster"),
    B_SLOWER("B slower"),
    NO_DIFFERENCE("no detectable difference"),
    /** Too few fork pairs or cases for a test. */
    NOT_JUDGED("not judged");

    private final String label;

    EffectVerdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The verdict whose {@link #label()} this is (as verdicts.csv and cases.csv write it). */
    public static EffectVerdict ofLabel(String label) {
        for (EffectVerdict v : values()) {
            if (v.label.equals(label)) {
                return v;
            }
        }
        throw new IllegalArgumentException("not a verdict: use B faster, B slower, no detectable difference or not judged");
    }

    /** From a change (fraction) and its corrected p; NaN p is {@link #NOT_JUDGED}. */
    public static EffectVerdict of(double change, double adjustedP, double alpha) {
        if (Double.isNaN(adjustedP)) {
            return NOT_JUDGED;
        }
        if (adjustedP >= alpha || change == 0) {
            return NO_DIFFERENCE;
        }
        return change > 0 ? B_FASTER : B_SLOWER;
    }
}
