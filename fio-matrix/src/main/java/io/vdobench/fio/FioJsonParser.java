package io.vdobench.fio;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads fio's {@code --output-format=json} (and {@code json+}) output. fio sometimes prints
 * notices before the document (e.g. "fio: Switching to tausworthe64 …" or "note: both iodepth >= 1
 * and synchronous I/O engine …"); everything before the first line that starts with <code>{</code> is
 * skipped, and anything after the document is ignored.
 */
public final class FioJsonParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FioJsonParser() {
    }

    public static FioResult parse(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (FioJsonException e) {
            throw new FioJsonException(file + ": " + e.getMessage(), e);
        }
    }

    public static FioResult parse(String text) {
        JsonNode root = root(text);
        if (root.has("client_stats") && !root.has("jobs")) {
            throw new FioJsonException("fio client/server output (client_stats of " + hosts(root).size()
                    + " host(s)): read it per host (FioJsonParser.parseHosts, vdobench fio-collect)");
        }
        return result(root, jobs(root, "jobs"));
    }

    /** The host name of a document fio wrote without client/server mode. */
    public static final String LOCAL = "local";

    /**
     * One result per host: fio's client/server output ({@code fio --client=H1 ... --client=H2 ...}) lists every
     * host's jobs in {@code client_stats}, each with its {@code hostname}, plus an aggregate "All clients" entry
     * (skipped). A document without client/server mode is one host, {@link #LOCAL}. Hosts in name order.
     */
    public static Map<String, FioResult> parseHosts(String text) {
        JsonNode root = root(text);
        if (!root.has("client_stats")) {
            return Map.of(LOCAL, result(root, jobs(root, "jobs")));
        }
        Map<String, List<FioJob>> by = hosts(root);
        Map<String, FioResult> out = new TreeMap<>();
        by.forEach((host, jobs) -> out.put(host, result(root, jobs)));
        return out;
    }

    public static Map<String, FioResult> parseHosts(Path file) throws IOException {
        try {
            return parseHosts(Files.readString(file, StandardCharsets.UTF_8));
        } catch (FioJsonException e) {
            throw new FioJsonException(file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode root(String text) {
        int start = documentStart(text);
        JsonNode root;
        try (JsonParser p = MAPPER.createParser(text.substring(start))) {
            root = MAPPER.readTree(p);
        } catch (JsonProcessingException e) {
            throw new FioJsonException("malformed fio JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new FioJsonException("cannot read fio JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new FioJsonException("fio JSON must be an object");
        }
        return root;
    }

    private static List<FioJob> jobs(JsonNode root, String key) {
        JsonNode jobs = root.get(key);
        if (jobs == null || !jobs.isArray()) {
            throw new FioJsonException("fio JSON has no '" + key + "' array (is this fio --output-format=json output?)");
        }
        List<FioJob> list = new ArrayList<>();
        for (JsonNode j : jobs) {
            list.add(job(j));
        }
        return list;
    }

    private static Map<String, List<FioJob>> hosts(JsonNode root) {
        Map<String, List<FioJob>> by = new TreeMap<>();
        JsonNode stats = root.get("client_stats");
        if (!stats.isArray()) {
            throw new FioJsonException("fio JSON's 'client_stats' is not an array");
        }
        for (JsonNode j : stats) {
            if ("All clients".equals(j.path("jobname").asText())) {
                continue;
            }
            String host = j.path("hostname").asText("");
            if (host.isEmpty()) {
                throw new FioJsonException("a client_stats entry (job '" + j.path("jobname").asText() + "') has no hostname");
            }
            by.computeIfAbsent(host, h -> new ArrayList<>()).add(job(j));
        }
        return by;
    }

    private static FioResult result(JsonNode root, List<FioJob> jobs) {
        return new FioResult(root.path("fio version").asText(""), root.path("timestamp").asLong(0),
                root.path("timestamp_ms").asLong(0), root.path("time").asText(""),
                strings(root.path("global options")), jobs);
    }

    static int documentStart(String text) {
        if (text == null) {
            throw new FioJsonException("no fio output");
        }
        int i = 0;
        while (i < text.length()) {
            int j = i;
            while (j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
                j++;
            }
            if (j < text.length() && text.charAt(j) == '{') {
                return j;
            }
            int nl = text.indexOf('\n', i);
            if (nl < 0) {
                break;
            }
            i = nl + 1;
        }
        throw new FioJsonException("no JSON object in fio output (first line: '" + firstLine(text) + "')");
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String s = nl < 0 ? text : text.substring(0, nl);
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }

    private static FioJob job(JsonNode j) {
        JsonNode name = j.get("jobname");
        if (name == null || !name.isTextual()) {
            throw new FioJsonException("a job lacks 'jobname'");
        }
        String n = name.asText();
        return new FioJob(n, j.path("groupid").asInt(0), j.path("error").asInt(0), strings(j.path("job options")),
                io(j.get("read"), n), io(j.get("write"), n), io(j.get("trim"), n));
    }

    private static IoStats io(JsonNode d, String job) {
        if (d == null || d.isNull() || d.isMissingNode()) {
            return IoStats.EMPTY;
        }
        if (!d.isObject()) {
            throw new FioJsonException("job " + job + ": direction stats must be an object");
        }
        return new IoStats(num(d, "io_bytes", job), num(d, "io_kbytes", job), num(d, "bw_bytes", job),
                num(d, "bw", job), d.path("iops").asDouble(0), num(d, "runtime", job), num(d, "total_ios", job),
                lat(d.get("slat_ns"), job), lat(d.get("clat_ns"), job), lat(d.get("lat_ns"), job));
    }

    private static long num(JsonNode d, String key, String job) {
        JsonNode v = d.get(key);
        if (v == null) {
            return 0;
        }
        if (!v.isNumber()) {
            throw new FioJsonException("job " + job + ": '" + key + "' is not a number: " + v);
        }
        return v.asLong();
    }

    private static LatencyStats lat(JsonNode l, String job) {
        if (l == null || !l.isObject()) {
            return LatencyStats.EMPTY;
        }
        TreeMap<Double, Long> pct = new TreeMap<>();
        for (var e : l.path("percentile").properties()) {
            try {
                pct.put(Double.parseDouble(e.getKey()), e.getValue().asLong());
            } catch (NumberFormatException ex) {
                throw new FioJsonException("job " + job + ": percentile key '" + e.getKey() + "' is not a number", ex);
            }
        }
        return new LatencyStats(l.path("min").asLong(0), l.path("max").asLong(0), l.path("mean").asDouble(0),
                l.path("stddev").asDouble(0), l.path("N").asLong(0), pct);
    }

    private static Map<String, String> strings(JsonNode o) {
        Map<String, String> m = new LinkedHashMap<>();
        for (var e : o.properties()) {
            m.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
        }
        return m;
    }
}
