package io.vdobench.conformance.fuzz;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shared machinery of the fuzzers: tallies keyed by (decoder, mutation), guarded destination buffers,
 * and the progress a watchdog reads to enforce the per-case timeout.
 */
public abstract class HostileRun {
    /** Sentinel bytes on both sides of every destination range; any change is an out-of-bounds write. */
    public static final int GUARD = 64;
    public static final byte SENTINEL = (byte) 0xA5;

    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private final AtomicLong done = new AtomicLong();
    private volatile long currentCase = -1;
    private volatile long caseStart;
    private volatile String currentDescription = "";

    protected final long seed;

    protected HostileRun(long seed) {
        this.seed = seed;
    }

    /** Deterministic per-case seed: case {@code i} reproduces alone from (seed, i). */
    protected long caseSeed(long i) {
        long z = seed + (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    protected Tally tally(String decoder, String mutation) {
        synchronized (tallies) {
            return tallies.computeIfAbsent(decoder + "\t" + mutation, k -> new Tally());
        }
    }

    /** (decoder TAB mutation) → tally, in first-seen order. */
    public Map<String, Tally> tallies() {
        synchronized (tallies) {
            return new LinkedHashMap<>(tallies);
        }
    }

    protected void begin(long i, String description) {
        currentDescription = description;
        caseStart = System.nanoTime();
        currentCase = i;
    }

    protected long end() {
        long n = System.nanoTime() - caseStart;
        currentCase = -1;
        done.incrementAndGet();
        return n;
    }

    public long casesDone() {
        return done.get();
    }

    /** Milliseconds the running case has taken so far, or -1 between cases. */
    public long runningCaseMillis() {
        return currentCase < 0 ? -1 : (System.nanoTime() - caseStart) / 1_000_000;
    }

    public String runningCase() {
        return "case " + currentCase + " (seed " + seed + "): " + currentDescription;
    }

    /** Fills {@code buf[0, GUARD+len+GUARD)} with the sentinel. */
    protected static void arm(byte[] buf, int len) {
        java.util.Arrays.fill(buf, 0, GUARD + len + GUARD, SENTINEL);
    }

    /** True if both guard zones around {@code buf[GUARD, GUARD+len)} are intact. */
    protected static boolean guardsIntact(byte[] buf, int len) {
        for (int i = 0; i < GUARD; i++) {
            if (buf[i] != SENTINEL || buf[GUARD + len + i] != SENTINEL) {
                return false;
            }
        }
        return true;
    }

    /** Runs cases {@code [0, n)}. */
    public abstract void run(long n);
}
