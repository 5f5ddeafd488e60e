package io.vdobench.report.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Facts about the host and build a run came from ({@code environment.properties}); keys are
 * documented in reports/SCHEMA.md. Unknown keys are kept and shown.
 */
public record Environment(Map<String, String> properties) {
    public static final String CPU_MODEL = "cpu.model";
    public static final String CPU_CORES = "cpu.cores";
    public static final String JDK = "jdk";
    public static final String OS = "os";
    public static final String TIMESTAMP = "timestamp";
    public static final String GIT_COMMIT = "git.commit";
    public static final String QPL_PATH = "qpl.path";
    /** The LZ4 implementation the pipeline uses, and why (e.g. "lz4:impl=ffm (preferred)"). */
    public static final String PIPELINE_LZ4 = "pipeline.lz4";
    public static final String QPL_VERSION = "qpl.version";
    public static final String QPL_REASON = "qpl.reason";
    public static final String IAA_DEVICES = "iaa.devices";
    /** Every fact of the IAA set-up ({@code io.vdobench.ffm.qpl.IaaSetup#facts()}) starts with this. */
    public static final String IAA_PREFIX = "iaa.";
    public static final String LABEL = "run.label";
    public static final String SCHEMA = "schema.version";

    public Environment {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public static Environment empty() {
        return new Environment(Map.of());
    }

    public String get(String key) {
        return properties.getOrDefault(key, "");
    }

    public boolean isEmpty() {
        return properties.isEmpty();
    }
}
