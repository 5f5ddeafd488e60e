package io.vdobench.ffm.cpu;

import io.vdobench.ffm.NativeLibrary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Honest facts about a loaded shared library: the file the dynamic loader actually mapped (from
 * {@code /proc/self/maps}), and, for libraries without a runtime version call (ISA-L, libdeflate),
 * the version of the Debian package that owns that file, read from dpkg's database and labelled as such.
 * Everything here is best-effort and never throws: a fact that cannot be found is reported as unknown.
 */
public final class LibraryFacts {
    private static final Path DPKG_INFO = Path.of("/var/lib/dpkg/info");
    private static final Path DPKG_STATUS = Path.of("/var/lib/dpkg/status");

    private LibraryFacts() {
    }

    /**
     * The real path of the mapped file behind {@code lib}: the loader may have resolved a soname
     * such as {@code libz.so.1} to {@code /usr/lib/x86_64-linux-gnu/libz.so.1.2.13}.
     */
    public static String mappedPath(NativeLibrary lib) {
        if (!lib.isLoaded()) {
            return "";
        }
        String opened = lib.path();
        if (opened.contains("/")) {
            try {
                return Path.of(opened).toRealPath().toString();
            } catch (IOException | RuntimeException e) {
                return opened;
            }
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"), StandardCharsets.ISO_8859_1)) {
                int slash = line.indexOf('/');
                if (slash < 0) {
                    continue;
                }
                String file = line.substring(slash).trim();
                String name = file.substring(file.lastIndexOf('/') + 1);
                if (name.equals(opened) || name.startsWith(opened + ".")) {
                    return file;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc unavailable: fall back to the name the loader was given
        }
        return opened;
    }

    /**
     * {@code "<version> (Debian package <pkg>)"} for the package owning {@code file}, or empty when
     * dpkg's database is absent or does not list the file (e.g. a library built by provision.sh).
     */
    public static Optional<String> dpkgVersion(String file) {
        if (file.isEmpty() || !Files.isDirectory(DPKG_INFO)) {
            return Optional.empty();
        }
        String name = "/" + file.substring(file.lastIndexOf('/') + 1);
        // Only library packages ship a .shlibs file: scanning their file lists is cheap.
        try (DirectoryStream<Path> shlibs = Files.newDirectoryStream(DPKG_INFO, "*.shlibs")) {
            for (Path s : shlibs) {
                String base = s.getFileName().toString();
                String pkg = base.substring(0, base.length() - ".shlibs".length());
                Path list = DPKG_INFO.resolve(pkg + ".list");
                if (!Files.isRegularFile(list)) {
                    continue;
                }
                List<String> files = Files.readAllLines(list, StandardCharsets.UTF_8);
                if (files.stream().anyMatch(f -> f.endsWith(name))) {
                    return statusVersion(pkg).map(v -> v + " (Debian package " + pkg + ")");
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The Version field of {@code pkg} ("name" or "name:arch") in dpkg's status file. */
    private static Optional<String> statusVersion(String pkg) {
        int colon = pkg.indexOf(':');
        String name = colon < 0 ? pkg : pkg.substring(0, colon);
        String arch = colon < 0 ? null : pkg.substring(colon + 1);
        try {
            String pkgName = null;
            String pkgArch = null;
            String version = null;
            for (String line : Files.readAllLines(DPKG_STATUS, StandardCharsets.UTF_8)) {
                if (line.isEmpty()) {
                    if (name.equals(pkgName) && (arch == null || arch.equals(pkgArch)) && version != null) {
                        return Optional.of(version);
                    }
                    pkgName = pkgArch = version = null;
                } else if (line.startsWith("Package: ")) {
                    pkgName = line.substring(9).trim();
                } else if (line.startsWith("Architecture: ")) {
                    pkgArch = line.substring(14).trim();
                } else if (line.startsWith("Version: ")) {
                    version = line.substring(9).trim();
                }
            }
            if (name.equals(pkgName) && (arch == null || arch.equals(pkgArch)) && version != null) {
                return Optional.of(version);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
