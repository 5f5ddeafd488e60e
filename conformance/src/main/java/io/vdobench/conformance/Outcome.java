package io.vdobench.conformance;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecException;
import io.vdobench.ffm.qpl.QplCorruptFragmentException;
import io.vdobench.ffm.qpl.QplException;
import io.vdobench.ffm.qpl.QplStatus;
import java.util.Arrays;

/**
 * What a consumer did with a fragment, spelled the way the report CSV records it:
 * {@code decoded}, {@code failed:<ExceptionType>[/<QPL status>]}, {@code wrong-data} (decoder claimed
 * success but the bytes differ: always a violation) or {@code skipped:<reason>}.
 */
public record Outcome(String label, String detail) {

    public static final String DECODED = "decoded";
    public static final String WRONG_DATA = "wrong-data";

    public boolean decoded() {
        return label.equals(DECODED);
    }

    public boolean skipped() {
        return label.startsWith("skipped:");
    }

    /** The failure label for a typed exception: simple class name plus QPL's status name when it has one. */
    public static String failureLabel(Throwable e) {
        String s = "failed:" + e.getClass().getSimpleName();
        if (e instanceof QplCorruptFragmentException q) {
            QplStatus st = q.qplStatus();
            s += "/" + (st == null ? Integer.toString(q.status()) : st.name());
        } else if (e instanceof QplException q) {
            QplStatus st = q.qplStatus();
            s += "/" + (st == null ? Integer.toString(q.status()) : st.name());
        }
        return s;
    }

    /** Decodes {@code fragment} with {@code consumer} and compares the result with {@code original}. */
    public static Outcome decode(Codec consumer, byte[] fragment, int fragmentLength, byte[] original) {
        if (!consumer.info().available()) {
            return new Outcome("skipped:unavailable", consumer.info().reason());
        }
        byte[] dst = new byte[original.length];
        try {
            consumer.decompress(fragment, 0, fragmentLength, dst, 0, original.length);
        } catch (CodecException e) {
            return new Outcome(failureLabel(e), e.getMessage());
        }
        if (!Arrays.equals(dst, original)) {
            return new Outcome(WRONG_DATA, "first mismatch at byte " + Arrays.mismatch(dst, original));
        }
        return new Outcome(DECODED, "");
    }
}
