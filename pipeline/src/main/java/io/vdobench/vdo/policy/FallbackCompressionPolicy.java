package io.vdobench.vdo.policy;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecException;
import io.vdobench.codec.CodecFailureException;
import io.vdobench.codec.CodecUnavailableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A preferred codec with an optional fallback codec, and a live switch for the preferred one.
 * Switch on: try the preferred codec; on unavailability, set-up failure, error or "does not fit",
 * count the reason and use the fallback. Switch off: the fallback only. Without a fallback, a
 * failure leaves the block uncompressed.
 */
public class FallbackCompressionPolicy implements CompressionPolicy {
    private final String name;
    private final Codec preferred;
    private final Codec fallback;
    private volatile boolean preferredEnabled;
    private final EnumMap<FallbackReason, LongAdder> fallbacks = new EnumMap<>(FallbackReason.class);
    private final LongAdder errors = new LongAdder();

    /**
     * @param preferred        the codec tried first while enabled
     * @param fallback         used when the preferred codec cannot deliver, and always while disabled; may be null
     * @param preferredEnabled initial switch position
     */
    public FallbackCompressionPolicy(String name, Codec preferred, Codec fallback, boolean preferredEnabled) {
        if (preferred == null && fallback == null) {
            throw new IllegalArgumentException("a policy needs at least one codec");
        }
        if (preferred == null && preferredEnabled) {
            throw new IllegalArgumentException("cannot enable a missing preferred codec");
        }
        this.name = name;
        this.preferred = preferred;
        this.fallback = fallback;
        this.preferredEnabled = preferredEnabled;
        for (FallbackReason r : FallbackReason.values()) {
            fallbacks.put(r, new LongAdder());
        }
    }

    /** A policy that always uses one codec: no fallback (e.g. LZ4 only, or a CPU DEFLATE codec). */
    public static FallbackCompressionPolicy single(Codec codec) {
        return new FallbackCompressionPolicy(codec.id(), codec, null, true);
    }

    /** Flips the preferred codec on or off; takes effect for the next block, earlier blocks stay readable. */
    public void setPreferredEnabled(boolean enabled) {
        if (enabled && preferred == null) {
            throw new IllegalStateException("no preferred codec to enable");
        }
        preferredEnabled = enabled;
    }

    public boolean preferredEnabled() {
        return preferredEnabled;
    }

    public Codec preferred() {
        return preferred;
    }

    public Codec fallback() {
        return fallback;
    }

    @Override
    public void compress(byte[] src, int srcOff, byte[] dst, int dstOff, CompressionResult result) {
        result.reset();
        if (preferredEnabled) {
            FallbackReason why = tryCodec(preferred, src, srcOff, dst, dstOff, result);
            if (why == null) {
                return;
            }
            fallbacks.get(why).increment();
            result.fallback = why;
            if (fallback == null) {
                return;
            }
        }
        FallbackReason why = tryCodec(fallback, src, srcOff, dst, dstOff, result);
        if (why != null && why != FallbackReason.DOES_NOT_FIT) {
            errors.increment();
            result.error = fallback.id() + ": " + why;
        }
    }

    /** Runs one codec; returns null on success, else why it did not deliver a fragment. */
    private static FallbackReason tryCodec(Codec codec, byte[] src, int srcOff, byte[] dst, int dstOff,
                                           CompressionResult result) {
        if (!codec.info().available()) {
            return FallbackReason.UNAVAILABLE;
        }
        int n;
        try {
            n = codec.compress(src, srcOff, io.vdobench.vdo.format.VdoConstants.BLOCK_SIZE, dst, dstOff, MAX_FRAGMENT);
        } catch (CodecUnavailableException e) {
            return FallbackReason.INIT_FAILED;
        } catch (CodecFailureException e) {
            return FallbackReason.COMPRESS_ERROR;
        } catch (CodecException e) {
            return FallbackReason.COMPRESS_ERROR;
        }
        if (n == Codec.DOES_NOT_FIT || n <= 0 || n > MAX_FRAGMENT) {
            return FallbackReason.DOES_NOT_FIT;
        }
        result.set(n, codec.algorithm(), codec.info().path());
        return null;
    }

    /** How often the preferred codec was bypassed for {@code reason}. */
    public long fallbackCount(FallbackReason reason) {
        return fallbacks.get(reason).sum();
    }

    public Map<FallbackReason, Long> fallbackCounts() {
        EnumMap<FallbackReason, Long> m = new EnumMap<>(FallbackReason.class);
        fallbacks.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** Errors of the last codec in the chain (the block stayed uncompressed). */
    public long errorCount() {
        return errors.sum();
    }

    @Override
    public String name() {
        if (fallback == null) {
            return name;
        }
        return name + (preferredEnabled ? "(" + preferred.id() + " -> " + fallback.id() + ")" : "(off: " + fallback.id() + ")");
    }

    @Override
    public List<Codec> codecs() {
        List<Codec> l = new ArrayList<>(2);
        if (preferred != null) {
            l.add(preferred);
        }
        if (fallback != null) {
            l.add(fallback);
        }
        return Collections.unmodifiableList(l);
    }
}
