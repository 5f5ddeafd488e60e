package io.vdobench.ffm.iaa;

import io.vdobench.ffm.NativeLibrary;
import io.vdobench.ffm.cpu.LibraryFacts;

/**
 * libaccel-config, the library libqpl dlopens ({@code libaccel-config.so.1}) to find IAA work queues: without it a
 * hardware job fails with {@code QPL_STS_INIT_LIBACCEL_NOT_FOUND (501)}. It has no version call, so the version is
 * that of the Debian package owning the mapped file ({@code libaccel-config1}, installed by native/provision.sh).
 */
public record AccelConfigLibrary(boolean loaded, String path, String version, String reason) {
    private static volatile AccelConfigLibrary instance;

    public static AccelConfigLibrary get() {
        AccelConfigLibrary a = instance;
        if (a == null) {
            NativeLibrary lib = NativeLibrary.open("libaccel-config", "libaccel-config.so.1");
            if (lib.isLoaded()) {
                String file = LibraryFacts.mappedPath(lib);
                a = new AccelConfigLibrary(true, file,
                        LibraryFacts.dpkgVersion(file).orElse("unknown (libaccel-config has no version call)"), "");
            } else {
                a = new AccelConfigLibrary(false, "", "", lib.reason());
            }
            instance = a;
        }
        return a;
    }

    /** {@code libaccel-config 3.5.3-1 (Debian package libaccel-config1)} or {@code libaccel-config missing: ...}. */
    public String describe() {
        return loaded ? "libaccel-config " + version : "libaccel-config missing (install Debian's libaccel-config1): " + reason;
    }
}
