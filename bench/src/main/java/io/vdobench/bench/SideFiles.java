package io.vdobench.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a fork leaves what JMH cannot carry ({@link Sidecar}, {@link StageSidecar}): {@code <dir>/<key>.json},
 * written to a temporary file and moved into place, so a reader never sees half a file of a fork that died.
 */
final class SideFiles {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SideFiles() {
    }

    static void write(Path dir, String key, ObjectNode json, String what) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(key + ".json.tmp");
            Files.writeString(tmp, MAPPER.writeValueAsString(json));
            Files.move(tmp, dir.resolve(key + ".json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + what + " into " + dir, e);
        }
    }
}
