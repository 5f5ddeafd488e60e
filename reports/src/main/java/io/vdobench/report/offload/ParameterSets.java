package io.vdobench.report.offload;

import io.vdobench.ffm.iaa.OffloadParameters;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The named parameter sets (published figures with their sources and dates, docs/OFFLOAD-MODEL.md §3), shipped
 * as parameter files in the native/IAA-PARAMS.md format, and user files in the same format.
 */
public final class ParameterSets {
    /** The named sets, in the order the model reports them. */
    public static final List<String> NAMES = List.of("qpl-doc-sync-1engine", "kernel-default-sync-verify",
            "async-8engines", "batch64-zswap");
    private static final String RESOURCES = "/io/vdobench/report/offload/params/";

    private ParameterSets() {
    }

    /** A named set, or else a parameter file (e.g. {@code vdobench iaa-probe}'s output). */
    public static Device resolve(String nameOrFile) {
        if (NAMES.contains(nameOrFile)) {
            return named(nameOrFile);
        }
        Path f = Path.of(nameOrFile);
        if (!Files.isRegularFile(f)) {
            throw new OffloadModelException("--params " + nameOrFile + ": neither a named set (" + String.join(", ", NAMES)
                    + ") nor a parameter file");
        }
        return Device.read(f);
    }

    public static Device named(String name) {
        try (InputStream in = ParameterSets.class.getResourceAsStream(RESOURCES + name + ".properties")) {
            if (in == null) {
                throw new OffloadModelException("no named parameter set " + name);
            }
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return Device.of(OffloadParameters.read(r, name + ".properties"), name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OffloadParameters.FormatException e) {
            throw new OffloadModelException(e.getMessage());
        }
    }

    /** Every named set. */
    public static List<Device> all() {
        List<Device> out = new ArrayList<>();
        NAMES.forEach(n -> out.add(named(n)));
        return out;
    }
}
