package io.vdobench.ffm.iaa;

/**
 * The kernel's iaa_crypto driver: whether it is loaded and its two driver attributes under
 * {@code /sys/bus/dsa/drivers/crypto/} (Documentation/driver-api/crypto/iaa/iaa-crypto.rst): {@code sync_mode}
 * ({@code sync}, {@code async}, {@code async_irq}; mainline default {@code sync}) and {@code verify_compress}
 * ({@code 1}: every compress is followed by a hardware decompress; mainline default). They change what the
 * kernel's IAA path costs, not what vdobench's user-space path does; "" when unknown.
 */
public record IaaCryptoDriver(boolean loaded, String syncMode, String verifyCompress) {
    public static final IaaCryptoDriver ABSENT = new IaaCryptoDriver(false, "", "");
}
