package io.vdobench.fio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes a {@link FioResult} in fio's own JSON shape and units (the subset {@link FioJsonParser}
 * reads: {@code fio version}, {@code jobs[]} with {@code jobname}, {@code groupid}, {@code job options},
 * and {@code read}/{@code write}/{@code trim} with {@code io_bytes}, {@code io_kbytes}, {@code bw_bytes},
 * {@code bw} (KiB/s), {@code iops}, {@code runtime} (ms), {@code total_ios}, {@code slat_ns},
 * {@code clat_ns} (with {@code percentile}) and {@code lat_ns}), so fio tooling can read results
 * that did not come from fio (e.g. the JMH pipeline benches, which should put their generator's
 * parameters into {@code job options}).
 */
public final class FioJsonWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FioJsonWriter() {
    }

    public static String write(FioResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("fio version", r.fioVersion());
        root.put("timestamp", r.timestamp());
        root.put("timestamp_ms", r.timestampMs());
        root.put("time", r.time());
        if (!r.globalOptions().isEmpty()) {
            strings(root.putObject("global options"), r.globalOptions());
        }
        var jobs = root.putArray("jobs");
        for (FioJob j : r.jobs()) {
            ObjectNode o = jobs.addObject();
            o.put("jobname", j.jobname());
            o.put("groupid", j.groupid());
            o.put("error", j.error());
            strings(o.putObject("job options"), j.options());
            io(o.putObject("read"), j.read());
            io(o.putObject("write"), j.write());
            io(o.putObject("trim"), j.trim());
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void strings(ObjectNode o, Map<String, String> m) {
        m.forEach(o::put);
    }

    private static void io(ObjectNode o, IoStats s) {
        o.put("io_bytes", s.ioBytes());
        o.put("io_kbytes", s.ioKbytes());
        o.put("bw_bytes", s.bwBytes());
        o.put("bw", s.bwKiB());
        o.put("iops", s.iops());
        o.put("runtime", s.runtimeMs());
        o.put("total_ios", s.totalIos());
        o.put("short_ios", 0);
        o.put("drop_ios", 0);
        lat(o.putObject("slat_ns"), s.slat(), false);
        lat(o.putObject("clat_ns"), s.clat(), true);
        lat(o.putObject("lat_ns"), s.lat(), false);
    }

    private static void lat(ObjectNode o, LatencyStats l, boolean percentiles) {
        o.put("min", l.min());
        o.put("max", l.max());
        o.put("mean", l.mean());
        o.put("stddev", l.stddev());
        o.put("N", l.n());
        if (percentiles && !l.percentiles().isEmpty()) {
            ObjectNode p = o.putObject("percentile");
            l.percentiles().forEach((k, v) -> p.put(LatencyStats.key(k), v));
        }
    }
}
