package io.vdobench.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small helpers shared by the benchmarks. */
final class BenchSupport {
    static final String NATIVE_DIR_PROPERTY = "vdobench.native.dir";

    private BenchSupport() {
    }

    /**
     * Points {@code vdobench.native.dir} at {@code <repo>/native/target/lib} when nobody set it and
     * the benchmarks run from {@code <repo>/bench/target/benchmarks.jar}, so a plain
     * {@code java -jar bench/target/benchmarks.jar} finds the provisioned libraries (libqpl) too.
     * Must run before {@link io.vdobench.codec.Codecs#load()}, which opens the libraries.
     */
    static void defaultNativeDir() {
        if (System.getProperty(NATIVE_DIR_PROPERTY) != null) {
            return;
        }
        try {
            Path jar = Path.of(BenchSupport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // .../bench/target/benchmarks.jar or .../bench/target/classes
            Path root = jar.getParent() == null ? null : jar.getParent().getParent();
            root = root == null ? null : root.getParent();
            if (root != null) {
                Path lib = root.resolve("native/target/lib");
                if (Files.isDirectory(lib)) {
                    System.setProperty(NATIVE_DIR_PROPERTY, lib.toString());
                }
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // No code source to derive from: the libraries are then looked up on system paths only.
        }
    }
}
