package io.vdobench.fio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark matrix as data ({@code matrix.json}): fio's global parameters, the cases and the
 * profiles. The built-in file holds the patch's 72 cases; {@link #load(Path)} reads a custom one.
 *
 * @param description free text
 * @param global      fio global options as written in a job file (the patch's: direct, time_based,
 *                    ramp_time, runtime, buffer_compress_percentage …); a profile's ramp/runtime
 *                    override {@code ramp_time}/{@code runtime}
 * @param cases       all cases, in file order
 * @param profiles    by name
 */
public record Matrix(String description, Map<String, String> global, List<MatrixCase> cases,
                     Map<String, MatrixProfile> profiles) {
    /** Class-path location of the built-in matrix. */
    public static final String RESOURCE = "/io/vdobench/fio/matrix.json";

    public Matrix {
        global = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(global));
        cases = List.copyOf(cases);
        profiles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
    }

    /** The built-in 72-case matrix. */
    public static Matrix load() {
        try (InputStream in = Matrix.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new MatrixFormatException("built-in matrix " + RESOURCE + " is missing from the class path");
            }
            return parse(new ObjectMapper().readTree(in), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public static Matrix load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            JsonNode root;
            try {
                root = new ObjectMapper().readTree(in);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new MatrixFormatException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
            }
            return parse(root, file.toString());
        }
    }

    static Matrix parse(JsonNode root, String where) {
        if (root == null || !root.isObject()) {
            throw new MatrixFormatException(where + ": top level must be a JSON object");
        }
        Map<String, String> global = new LinkedHashMap<>();
        JsonNode g = root.path("global");
        for (var e : g.properties()) {
            if (!e.getValue().isValueNode()) {
                throw new MatrixFormatException(where + ": global." + e.getKey() + " must be a scalar");
            }
            global.put(e.getKey(), e.getValue().asText());
        }
        JsonNode cs = root.path("cases");
        if (!cs.isArray() || cs.isEmpty()) {
            throw new MatrixFormatException(where + ": 'cases' must be a non-empty array");
        }
        List<MatrixCase> cases = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        Set<String> keys = new LinkedHashSet<>();
        for (JsonNode c : cs) {
            String id = required(c, "id", where);
            MatrixCase mc;
            try {
                mc = new MatrixCase(id, IoPattern.ofFio(required(c, "rw", where)),
                        Math.toIntExact(MatrixCase.parseSize(required(c, "bs", where))),
                        Integer.parseInt(required(c, "numjobs", where)));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new MatrixFormatException(where + ": case " + id + ": " + e.getMessage(), e);
            }
            if (!ids.add(id)) {
                throw new MatrixFormatException(where + ": duplicate case id " + id);
            }
            if (!keys.add(mc.pattern() + "/" + mc.blockSize() + "/" + mc.numjobs())) {
                throw new MatrixFormatException(where + ": case " + id + " repeats another case's parameters");
            }
            cases.add(mc);
        }
        Map<String, MatrixProfile> profiles = new LinkedHashMap<>();
        for (var e : root.path("profiles").properties()) {
            JsonNode p = e.getValue();
            List<String> caseIds = new ArrayList<>();
            JsonNode sel = p.path("cases");
            if (sel.isTextual() && sel.asText().equals("all")) {
                cases.forEach(c -> caseIds.add(c.id()));
            } else if (sel.isArray()) {
                for (JsonNode id : sel) {
                    if (!ids.contains(id.asText())) {
                        throw new MatrixFormatException(where + ": profile " + e.getKey() + " names unknown case "
                                + id.asText());
                    }
                    caseIds.add(id.asText());
                }
            } else {
                throw new MatrixFormatException(where + ": profile " + e.getKey() + ": 'cases' must be \"all\" or an array");
            }
            if (!p.path("ramp_time").canConvertToInt() || !p.path("runtime").canConvertToInt()) {
                throw new MatrixFormatException(where + ": profile " + e.getKey() + " needs integer ramp_time and runtime");
            }
            try {
                profiles.put(e.getKey(), new MatrixProfile(e.getKey(), p.path("description").asText(""),
                        p.path("ramp_time").asInt(), p.path("runtime").asInt(), caseIds));
            } catch (IllegalArgumentException ex) {
                throw new MatrixFormatException(where + ": " + ex.getMessage(), ex);
            }
        }
        return new Matrix(root.path("description").asText(""), global, cases, profiles);
    }

    private static String required(JsonNode c, String key, String where) {
        JsonNode v = c.get(key);
        if (v == null || !v.isValueNode() || v.asText().isBlank()) {
            throw new MatrixFormatException(where + ": case " + c + " lacks '" + key + "'");
        }
        return v.asText();
    }

    /** The global options that shape the data written: compressibility, chunk, refill, dedupe. */
    static final List<String> DATA_OPTIONS = List.of("buffer_compress_percentage", "buffer_compress_chunk",
            "refill_buffers", "dedupe_percentage");

    /**
     * The matrix's data options (e.g. {@code buffer_compress_percentage=60}, {@code refill_buffers=1}),
     * in job-file order: what the prefill and every verify pass write, so that they write what the
     * cases write.
     */
    public Map<String, String> dataOptions() {
        Map<String, String> d = new LinkedHashMap<>();
        for (String k : DATA_OPTIONS) {
            if (global.containsKey(k)) {
                d.put(k, global.get(k));
            }
        }
        return d;
    }

    /** {@link #dataOptions()} as fio command-line arguments: {@code --buffer_compress_percentage=60 …}. */
    public List<String> dataArguments() {
        return dataOptions().entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
    }

    /** The named profile, or a clear error listing the known ones. */
    public MatrixProfile profile(String name) {
        MatrixProfile p = profiles.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown profile '" + name + "'; known: " + profiles.keySet());
        }
        return p;
    }

    public MatrixCase caseById(String id) {
        for (MatrixCase c : cases) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown case '" + id + "'");
    }

    /** The case with these parameters, or null. */
    public MatrixCase find(IoPattern pattern, int blockSize, int numjobs) {
        for (MatrixCase c : cases) {
            if (c.pattern() == pattern && c.blockSize() == blockSize && c.numjobs() == numjobs) {
                return c;
            }
        }
        return null;
    }

    /** The profile's cases, in matrix order. */
    public List<MatrixCase> cases(String profile) {
        return profile(profile).caseIds().stream().map(this::caseById).toList();
    }

    /**
     * The profile's cases restricted to the given patterns, block sizes and job counts (an empty or
     * null collection means "no restriction").
     */
    public List<MatrixCase> select(String profile, Collection<IoPattern> patterns, Collection<Integer> blockSizes,
                                   Collection<Integer> jobs) {
        return cases(profile).stream()
                .filter(c -> patterns == null || patterns.isEmpty() || patterns.contains(c.pattern()))
                .filter(c -> blockSizes == null || blockSizes.isEmpty() || blockSizes.contains(c.blockSize()))
                .filter(c -> jobs == null || jobs.isEmpty() || jobs.contains(c.numjobs()))
                .toList();
    }
}
