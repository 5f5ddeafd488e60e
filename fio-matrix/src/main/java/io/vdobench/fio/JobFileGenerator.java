package io.vdobench.fio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes fio job files for the matrix against a real block device, so the patch's comparison can be
 * rerun on a kernel with dm-vdo (LZ4 and IAA builds). Layout of the output directory:
 * <ul>
 *   <li>{@code prefill.fio}: writes the region once with the same 60 % data so read cases read
 *       compressed blocks (dm-vdo returns zeros for never-written blocks without decompressing);</li>
 *   <li>{@code NN-<case>.fio}: one file per case, {@code [global]} with the matrix's parameters plus
 *       one job section named by the case id (fio's JSON {@code jobname} then names the case);</li>
 *   <li>{@code run.sh POLICY [REPEATS]}: runs prefill then every case, JSON output in
 *       {@code results/POLICY/}.</li>
 * </ul>
 * {@link #singleFile} writes all cases as sections of one file instead, separated by {@code stonewall}.
 */
public final class JobFileGenerator {
    private final Matrix matrix;
    private final JobFileOptions options;

    public JobFileGenerator(Matrix matrix, JobFileOptions options) {
        this.matrix = matrix;
        this.options = options;
    }

    /** The {@code [global]} options for a profile, in job-file order. */
    public Map<String, String> globalOptions(MatrixProfile profile) {
        Map<String, String> g = new LinkedHashMap<>();
        g.put("filename", options.filename());
        g.put("ioengine", options.ioengine());
        g.put("iodepth", Integer.toString(options.iodepth()));
        g.putAll(matrix.global());
        g.put("ramp_time", Integer.toString(profile.rampSeconds()));
        g.put("runtime", Integer.toString(profile.runSeconds()));
        g.put("randseed", Long.toString(options.randseed()));
        g.putAll(options.extra());
        return g;
    }

    /** The job section options of one case. */
    public Map<String, String> jobOptions(MatrixCase c) {
        Map<String, String> j = new LinkedHashMap<>();
        j.put("rw", c.pattern().fioName());
        j.put("bs", MatrixCase.sizeToFio(c.blockSize()));
        j.put("numjobs", Integer.toString(c.numjobs()));
        if (options.size() != null) {
            long size = MatrixCase.parseSize(options.size());
            if (options.splitRegion() && c.numjobs() > 1) {
                long slice = size / c.numjobs() / c.blockSize() * c.blockSize();
                if (slice < c.blockSize()) {
                    throw new IllegalArgumentException("size " + options.size() + " is too small to give each of "
                            + c.numjobs() + " jobs a " + c.blockSize() + "-byte block");
                }
                j.put("size", Long.toString(slice));
                j.put("offset_increment", Long.toString(slice));
            } else {
                j.put("size", options.size());
            }
        }
        return j;
    }

    /** One case as a complete job file. */
    public String caseFile(MatrixProfile profile, MatrixCase c) {
        StringBuilder sb = new StringBuilder();
        header(sb, "case " + c.id() + " (" + c.label() + "), profile " + profile.name());
        section(sb, "global", globalOptions(profile));
        section(sb, c.id(), jobOptions(c));
        return sb.toString();
    }

    /** All of a profile's cases in one file, run one after another ({@code stonewall}). */
    public String singleFile(MatrixProfile profile, List<MatrixCase> cases) {
        StringBuilder sb = new StringBuilder();
        header(sb, cases.size() + " cases, profile " + profile.name() + "; each section is its own reporting group");
        section(sb, "global", globalOptions(profile));
        for (MatrixCase c : cases) {
            Map<String, String> j = jobOptions(c);
            j.put("stonewall", null);
            section(sb, c.id(), j);
        }
        return sb.toString();
    }

    /** Writes the region once (sequential, deep queue) with the matrix's buffer options. */
    public String prefillFile() {
        Map<String, String> g = new LinkedHashMap<>();
        g.put("filename", options.filename());
        g.put("ioengine", options.ioengine());
        g.put("iodepth", "16");
        g.put("direct", matrix.global().getOrDefault("direct", "1"));
        g.putAll(matrix.dataOptions());
        g.put("randseed", Long.toString(options.randseed()));
        g.putAll(options.extra());
        Map<String, String> j = new LinkedHashMap<>();
        j.put("rw", "write");
        j.put("bs", MatrixCase.sizeToFio(options.prefillBlockSize()));
        if (options.size() != null) {
            j.put("size", options.size());
        }
        StringBuilder sb = new StringBuilder();
        header(sb, "prefill: write the " + (options.size() == null ? "whole device" : options.size() + " region")
                + " once so read cases read compressed data");
        section(sb, "global", g);
        section(sb, "prefill", j);
        return sb.toString();
    }

    /**
     * Writes {@code prefill.fio}, one {@code NN-<case>.fio} per case of the profile and
     * {@code run.sh}; returns the case files in run order.
     */
    public List<Path> writeDirectory(Path dir, String profileName, List<MatrixCase> cases) throws IOException {
        MatrixProfile profile = matrix.profile(profileName);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("prefill.fio"), prefillFile(), StandardCharsets.UTF_8);
        List<Path> files = new ArrayList<>();
        int width = Integer.toString(cases.size()).length();
        int n = 0;
        for (MatrixCase c : cases) {
            Path f = dir.resolve(String.format("%0" + width + "d-%s.fio", ++n, c.id()));
            Files.writeString(f, caseFile(profile, c), StandardCharsets.UTF_8);
            files.add(f);
        }
        Path run = dir.resolve("run.sh");
        Files.writeString(run, runScript(files, profile), StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException ignored) {
            // non-POSIX file system: run it with "sh run.sh"
        }
        return files;
    }

    /**
     * {@code run.sh}: {@code ./run.sh POLICY [REPEATS]} runs the prefill and every case on whatever the kernel does
     * now; {@code ./run.sh ab [REPEATS]} runs both policies on one kernel by switching dm-vdo's IAA parameter
     * ({@code /sys/module/dm_vdo/parameters/iaa_enabled}: A = 0 writes {@code results/lz4}, B = 1 writes
     * {@code results/iaa}), per case in the interleaved order A B, B A, A B ... so drift hits both policies alike.
     * Every case records {@code vdostats --verbose} before and after it. In ab mode a read case first rewrites the
     * region under the policy in force (its own prefill), so it decompresses that policy's fragments.
     */
    private String runScript(List<Path> files, MatrixProfile profile) {
        long perCase = profile.rampSeconds() + profile.runSeconds();
        StringBuilder sb = new StringBuilder();
        sb.append("#!/bin/sh\n");
        sb.append("# Runs the vdobench fio matrix (profile ").append(profile.name()).append(", ").append(files.size())
                .append(" cases, about ").append(perCase * files.size() / 60 + 1).append(" min per repeat plus prefill)\n");
        sb.append("# against ").append(options.filename()).append(".\n");
        sb.append("# Usage: ./run.sh POLICY [REPEATS]   (e.g. ./run.sh lz4 3, then on the IAA kernel ./run.sh iaa 3)\n");
        sb.append("#        ./run.sh ab [REPEATS]       (one kernel with dm-vdo's iaa_enabled switch: both policies,\n");
        sb.append("#                                     per case A B, B A, ... with A = iaa_enabled 0 -> results/lz4,\n");
        sb.append("#                                     B = iaa_enabled 1 -> results/iaa; twice the time per repeat)\n");
        sb.append("# Results: results/POLICY/<case>.r<k>.json (fio --output-format=json); repeats become samples\n");
        sb.append("# (confidence intervals) in the summary. results/POLICY/<case>.r<k>.vdostats-{before,after}.txt:\n");
        sb.append("# vdostats --verbose around every case. Environment: VDO_DEVICE (default the device above),\n");
        sb.append("# VDO_IAA_PARAM (default /sys/module/dm_vdo/parameters/iaa_enabled).\n");
        sb.append("set -eu\n");
        sb.append("cd \"$(dirname \"$0\")\"\n");
        sb.append("policy=${1:?usage: ./run.sh POLICY [REPEATS] or ./run.sh ab [REPEATS]}\n");
        sb.append("repeats=${2:-1}\n");
        sb.append("device=${VDO_DEVICE:-").append(options.filename()).append("}\n");
        sb.append("param=${VDO_IAA_PARAM:-/sys/module/dm_vdo/parameters/iaa_enabled}\n");
        sb.append("""
                stats() { # FILE: vdostats around a case (absent tool or device: say so in the file)
                  if command -v vdostats >/dev/null 2>&1; then
                    vdostats --verbose "$device" >"$1" 2>&1 || echo "vdostats --verbose $device failed" >>"$1"
                  else
                    echo "vdostats not installed" >"$1"
                  fi
                }
                run_case() { # DIR ID REPEAT FILE
                  stats "$1/$2.r$3.vdostats-before.txt"
                  fio --output-format=json --output="$1/$2.r$3.json" "$4"
                  stats "$1/$2.r$3.vdostats-after.txt"
                }
                set_policy() { # 0 (A, lz4) or 1 (B, iaa)
                  echo "$1" >"$param"
                  now=$(cat "$param")
                  case "$1:$now" in
                    0:0|0:N|1:1|1:Y) ;;
                    *) echo "run.sh: wrote $1 to $param but it reads $now" >&2; exit 2 ;;
                  esac
                }
                if [ "$policy" = ab ]; then
                  if [ ! -w "$param" ]; then
                    echo "run.sh ab: $param is missing or not writable: this kernel's dm-vdo has no IAA switch" >&2
                    echo "(run ./run.sh lz4 and ./run.sh iaa on the two kernels instead)" >&2
                    exit 2
                  fi
                  was=$(cat "$param")
                  trap 'echo "$was" >"$param"' EXIT
                  mkdir -p results/lz4 results/iaa
                  set_policy 0
                  echo "prefill ..."
                  fio --output-format=json --output="results/lz4/prefill.json" prefill.fio
                  cp results/lz4/prefill.json results/iaa/prefill.json
                else
                  mkdir -p "results/$policy"
                  echo "prefill ..."
                  fio --output-format=json --output="results/$policy/prefill.json" prefill.fio
                fi
                refill() { # DIR ID REPEAT: in ab mode a read case first rewrites the region under the policy
                  # in force, so it decompresses that policy's fragments, not the other's
                  case "$2" in
                    read-*|randread-*) fio --output-format=json --output="$1/$2.r$3.prefill.json" prefill.fio ;;
                  esac
                }
                one() { # ID REPEAT FILE CASE_NO: one case, once per policy in ab mode
                  if [ "$policy" != ab ]; then
                    echo "repeat $2/$repeats case $4: $1"
                    run_case "results/$policy" "$1" "$2" "$3"
                  elif [ $(($2 % 2)) -eq 1 ]; then
                    echo "repeat $2/$repeats case $4: $1 (A lz4, then B iaa)"
                    set_policy 0; refill results/lz4 "$1" "$2"; run_case results/lz4 "$1" "$2" "$3"
                    set_policy 1; refill results/iaa "$1" "$2"; run_case results/iaa "$1" "$2" "$3"
                  else
                    echo "repeat $2/$repeats case $4: $1 (B iaa, then A lz4)"
                    set_policy 1; refill results/iaa "$1" "$2"; run_case results/iaa "$1" "$2" "$3"
                    set_policy 0; refill results/lz4 "$1" "$2"; run_case results/lz4 "$1" "$2" "$3"
                  fi
                }
                """);
        sb.append("r=1\n");
        sb.append("while [ \"$r\" -le \"$repeats\" ]; do\n");
        int k = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            String id = name.substring(name.indexOf('-') + 1, name.length() - ".fio".length());
            sb.append("  one ").append(id).append(" \"$r\" ").append(name).append(' ').append(++k).append('/')
                    .append(files.size()).append('\n');
        }
        sb.append("  r=$((r + 1))\n");
        sb.append("done\n");
        return sb.toString();
    }

    private static void header(StringBuilder sb, String what) {
        sb.append("; vdobench fio-matrix: ").append(what).append('\n');
        sb.append("; generated by io.vdobench.fio.JobFileGenerator; regenerate rather than edit\n");
    }

    private static void section(StringBuilder sb, String name, Map<String, String> opts) {
        sb.append('[').append(name).append("]\n");
        for (var e : opts.entrySet()) {
            sb.append(e.getKey());
            if (e.getValue() != null) {
                sb.append('=').append(e.getValue());
            }
            sb.append('\n');
        }
        sb.append('\n');
    }
}
