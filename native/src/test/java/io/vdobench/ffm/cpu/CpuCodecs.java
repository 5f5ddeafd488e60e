package io.vdobench.ffm.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vdobench.codec.Codec;
import io.vdobench.testing.Prerequisites;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Shared fixtures for the FFM CPU codec tests. */
final class CpuCodecs {
    static final int[] BLOCK_SIZES = {4096, 8192, 16384, 32768, 65536, 131072};
    static final byte GUARD = (byte) 0x5A;
    static final int GUARD_LEN = 64;

    private CpuCodecs() {
    }

    /** Every variant the provider offers, freshly created (the caller closes them). */
    static List<Codec> all() {
        return new NativeCpuCodecProvider().codecs();
    }

    static Codec byId(List<Codec> codecs, String id) {
        return codecs.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no codec " + id));
    }

    /** Skips (with the library's reason; fails with CI=true) when the backend cannot run here. */
    static void assumeAvailable(Codec c) {
        Prerequisites.require(c.info().available(), () -> c.id() + " unavailable: " + c.info().reason());
    }

    /** An array of {@code off + len + GUARD_LEN} bytes, all {@link #GUARD}. */
    static byte[] guarded(int off, int len) {
        byte[] b = new byte[off + len + GUARD_LEN];
        Arrays.fill(b, GUARD);
        return b;
    }

    /** Asserts nothing outside {@code [off, off+len)} was written. */
    static void assertGuards(byte[] b, int off, int len) {
        for (int i = 0; i < off; i++) {
            assertEquals(GUARD, b[i], "byte written before the range at " + i);
        }
        for (int i = off + len; i < b.length; i++) {
            assertEquals(GUARD, b[i], "byte written past the range at " + i + " (range ends at " + (off + len) + ")");
        }
    }

    /** Decodes a raw DEFLATE fragment with the JDK (32 KiB window), requiring exactly {@code expected} bytes. */
    static byte[] jdkInflate(byte[] frag, int expected) {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(frag);
            byte[] out = new byte[expected + 1];
            int n = inf.inflate(out);
            assertTrue(inf.finished(), "JDK Inflater: stream did not end");
            assertEquals(expected, n, "JDK Inflater output length");
            assertEquals(0, inf.getRemaining(), "JDK Inflater: trailing input");
            return Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            return fail("JDK Inflater rejects the fragment: " + e.getMessage());
        } finally {
            inf.end();
        }
    }
}
