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
 *   <li>{@code run.sh POLICY [K]} / {@code run.sh ab [K]}: runs prefill then every case, JSON output in
 *       {@code results/POLICY/}, every run listed in {@code results/order.csv};</li>
 *   <li>{@code hook.sh}: the switch and vdostats, run where fio runs.</li>
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
        script(dir.resolve("run.sh"), runScript(files, profile));
        script(dir.resolve("hook.sh"), hookScript());
        return files;
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException ignored) {
            // non-POSIX file system: run it with "sh run.sh"
        }
    }

    /**
     * {@code run.sh}: {@code ./run.sh POLICY [K]} runs the prefill and every case K times on whatever the kernel does
     * now; {@code ./run.sh ab [K]} runs both policies on one kernel by switching dm-vdo's IAA parameter
     * ({@code iaa_enabled}: A = 0 writes {@code results/lz4}, B = 1 writes {@code results/iaa}), K pairs per case in
     * the counterbalanced order A B, B A, B A, A B, ... (even-numbered cases start B A), so drift hits both policies
     * alike and each pair's two runs are neighbours. {@code results/order.csv} names every run with its pair and its
     * position in the case, so a paired comparison can take each repeat separately. {@code FIO_CLIENTS} runs every
     * fio through fio's own client/server mode on those hosts (each with this directory at the same path, generated
     * for its own device); the switch and vdostats then happen on each host through {@code hook.sh}, run by a
     * null-engine fio job's {@code exec_prerun}. In ab mode a read case first rewrites the region under the policy in
     * force (its own prefill), so it decompresses that policy's fragments.
     */
    private String runScript(List<Path> files, MatrixProfile profile) {
        long perCase = profile.rampSeconds() + profile.runSeconds();
        StringBuilder sb = new StringBuilder();
        sb.append("#!/bin/sh\n");
        sb.append("# Runs the vdobench fio matrix (profile ").append(profile.name()).append(", ").append(files.size())
                .append(" cases, about ").append(perCase * files.size() / 60 + 1).append(" min per repeat plus prefill)\n");
        sb.append("# against ").append(options.filename()).append(".\n");
        sb.append("""
                # Usage: ./run.sh POLICY [K]   one policy, K runs per case (e.g. ./run.sh lz4 3, then on the IAA kernel
                #                              ./run.sh iaa 3)
                #        ./run.sh ab [K]       one kernel with dm-vdo's iaa_enabled switch: both policies, K pairs per case
                #                              in the order A B, B A, B A, A B, ... (even-numbered cases start B A);
                #                              A = iaa_enabled 0 -> results/lz4, B = 1 -> results/iaa
                # Results: results/POLICY/<case>.r<pair>.json (fio --output-format=json); results/order.csv: one line per
                # run (seq, case, pair, position in the case, policy, switch value, JSON file, UTC start);
                # results/vdostats/<host>/POLICY/<case>.r<pair>.{before,after}.txt: vdostats --verbose around every run
                # (says so when vdostats or the device is missing), .switch.txt: the switch as read back.
                # Environment: VDO_DEVICE (default the device above), VDO_IAA_PARAM (default
                # /sys/module/dm_vdo/parameters/iaa_enabled); both read by hook.sh where fio runs.
                # FIO_CLIENTS="host1 host2 ...": run through fio's client/server mode (fio --server on each host, this
                # directory at the same path on each, generated there for its own device; a host may be given as
                # ip:HOST,PORT); results/<policy>/*.json then hold every host, and vdostats stay on each host under
                # results/vdostats/<host>/ (copy them back before vdobench fio-collect). A host without the switch runs
                # its kernel as it is under both labels (an A/A run), recorded in its .switch.txt files.
                set -eu
                cd "$(dirname "$0")"
                here=$(pwd)
                policy=${1:?usage: ./run.sh POLICY [K] or ./run.sh ab [K]}
                repeats=${2:-1}
                case "$repeats" in ''|*[!0-9]*|0) echo "run.sh: K must be a positive integer, got '$repeats'" >&2; exit 2 ;; esac
                clients=${FIO_CLIENTS:-}
                param=${VDO_IAA_PARAM:-/sys/module/dm_vdo/parameters/iaa_enabled}
                label() { # a fio client spec -> the host name fio's JSON reports ([ip:|ip6:]HOST[,PORT] -> HOST)
                  h=${1#ip:}; h=${h#ip6:}; echo "${h%%,*}"
                }
                fio_json() { # OUT JOBFILE: locally, or the host's own copy of JOBFILE on every client
                  if [ -z "$clients" ]; then
                    fio --output-format=json --output="$1" "$2"
                  else
                    set -- "$1" "$2" ""
                    for c in $clients; do set -- "$1" "$2" "$3 --client=$c --remote-config $here/$2"; done
                    # shellcheck disable=SC2086
                    fio --output-format=json --output="$1" $3
                  fi
                }
                hook() { # ARGS...: hook.sh ARGS... HOST where fio runs (each client: a null-engine job's exec_prerun)
                  if [ -z "$clients" ]; then
                    sh ./hook.sh "$@" local
                    return
                  fi
                  hargs=""
                  for c in $clients; do
                    f="results/.hook-$(label "$c").fio"
                    printf '[hook]\\nioengine=null\\nsize=4k\\nexec_prerun=sh %s/hook.sh %s %s\\n' "$here" "$*" "$(label "$c")" >"$f"
                    hargs="$hargs --client=$c $f"
                  done
                  # shellcheck disable=SC2086
                  fio --output-format=json --output=results/.hook.json $hargs >/dev/null
                  if grep -q '"error" : [1-9]' results/.hook.json; then
                    echo "run.sh: hook.sh $* failed on a host (its fio --server directory has hook.prerun.txt)" >&2
                    exit 2
                  fi
                }
                seq=0
                run_case() { # POLICY SWITCH ID PAIR POSITION FILE: one run, vdostats around it, a line in order.csv
                  seq=$((seq + 1))
                  hook stats "$1/$3.r$4.before.txt"
                  started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
                  fio_json "results/$1/$3.r$4.json" "$6"
                  hook stats "$1/$3.r$4.after.txt"
                  echo "$seq,$3,$4,$5,$1,$2,$1/$3.r$4.json,$started" >>results/order.csv
                }
                if [ "$policy" = ab ]; then
                  if [ -z "$clients" ] && [ ! -w "$param" ]; then
                    echo "run.sh ab: $param is missing or not writable: this kernel's dm-vdo has no IAA switch" >&2
                    echo "(run ./run.sh lz4 and ./run.sh iaa on the two kernels instead)" >&2
                    exit 2
                  fi
                  policies="lz4 iaa"
                else
                  policies=$policy
                fi
                for p in $policies; do mkdir -p "results/$p"; done
                [ -f results/order.csv ] || echo "seq,case,pair,position,policy,switch,file,started_utc" >results/order.csv
                if [ "$policy" = ab ]; then
                  hook save
                  trap 'hook restore' EXIT
                  hook set 0 lz4/prefill
                fi
                echo "prefill ..."
                set -- $policies
                fio_json "results/$1/prefill.json" prefill.fio
                [ "$policy" = ab ] && cp results/lz4/prefill.json results/iaa/prefill.json
                if [ -z "$clients" ] && ! command -v vdostats >/dev/null 2>&1; then
                  echo "run.sh: vdostats not installed: every run's vdostats file says so; the matrix goes on" >&2
                fi
                refill() { # POLICY ID PAIR: in ab mode a read case first rewrites the region under the policy in force,
                  # so it decompresses that policy's fragments, not the other's
                  case "$2" in
                    read-*|randread-*) fio_json "results/$1/$2.r$3.prefill.json" prefill.fio ;;
                  esac
                }
                under() { # BIT ID PAIR POSITION FILE: one run of a policy in ab mode
                  if [ "$1" = 0 ]; then p=lz4; else p=iaa; fi
                  hook set "$1" "$p/$2.r$3"
                  refill "$p" "$2" "$3"
                  run_case "$p" "$1" "$2" "$3" "$4" "$5"
                }
                one() { # ID FILE CASE_NO/CASES: K runs (ab: K pairs A B / B A, counterbalanced) of one case
                  n=${3%/*}
                  j=1
                  while [ "$j" -le "$repeats" ]; do
                    if [ "$policy" != ab ]; then
                      echo "case $3: $1 run $j/$repeats"
                      run_case "$policy" - "$1" "$j" "$j" "$2"
                    else
                      # pairs 1 2 3 4 5 ...: A B, B A, B A, A B, A B ...; flipped for even-numbered cases
                      first=0
                      case $((j % 4)) in 2|3) first=1 ;; esac
                      [ $((n % 2)) -eq 0 ] && first=$((1 - first))
                      echo "case $3: $1 pair $j/$repeats ($([ "$first" = 0 ] && echo 'A lz4, B iaa' || echo 'B iaa, A lz4'))"
                      under "$first" "$1" "$j" $((2 * j - 1)) "$2"
                      under $((1 - first)) "$1" "$j" $((2 * j)) "$2"
                    fi
                    j=$((j + 1))
                  done
                }
                """);
        int k = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            String id = name.substring(name.indexOf('-') + 1, name.length() - ".fio".length());
            sb.append("one ").append(id).append(' ').append(name).append(' ').append(++k).append('/')
                    .append(files.size()).append('\n');
        }
        return sb.toString();
    }

    /**
     * {@code hook.sh}: what must happen on the host where fio runs (locally, or on each {@code fio --server} host
     * through a null-engine job's {@code exec_prerun}): set dm-vdo's IAA switch and record vdostats. A missing switch
     * is recorded ("absent") and the run goes on; so is a missing vdostats or device.
     */
    private String hookScript() {
        return """
                #!/bin/sh
                # Runs where fio runs (called by run.sh; through fio --server's exec_prerun in client mode).
                #   hook.sh save HOST | restore HOST     keep / put back the switch's value
                #   hook.sh set BIT RUN HOST             write BIT to the switch, read it back into RUN.switch.txt
                #   hook.sh stats FILE HOST              vdostats --verbose of the device into FILE
                # Files go to results/vdostats/HOST/ beside this script.
                set -u
                here=$(cd "$(dirname "$0")" && pwd)
                device=${VDO_DEVICE:-%s}
                param=${VDO_IAA_PARAM:-/sys/module/dm_vdo/parameters/iaa_enabled}
                eval "host=\\${$#}"
                dir="$here/results/vdostats/$host"
                mkdir -p "$dir"
                case "$1" in
                  save)
                    if [ -r "$param" ]; then cat "$param" >"$dir/switch-saved"; fi ;;
                  restore)
                    if [ -f "$dir/switch-saved" ] && [ -w "$param" ]; then cat "$dir/switch-saved" >"$param"; fi ;;
                  set)
                    mkdir -p "$(dirname "$dir/$3")"
                    if [ ! -e "$param" ]; then
                      echo "absent: $param does not exist; the kernel ran as it is" >"$dir/$3.switch.txt"
                      exit 0
                    fi
                    if ! echo "$2" >"$param" 2>/dev/null; then
                      echo "hook.sh: cannot write $2 to $param" >&2
                      exit 2
                    fi
                    now=$(cat "$param")
                    case "$2:$now" in
                      0:0|0:N|1:1|1:Y) echo "iaa_enabled=$now" >"$dir/$3.switch.txt" ;;
                      *) echo "hook.sh: wrote $2 to $param but it reads $now" >&2; exit 2 ;;
                    esac ;;
                  stats)
                    out="$dir/$2"
                    mkdir -p "$(dirname "$out")"
                    if ! command -v vdostats >/dev/null 2>&1; then
                      echo "vdostats not installed: no volume statistics around this run" >"$out"
                    elif [ ! -e "$device" ]; then
                      echo "no device $device: no volume statistics around this run (set VDO_DEVICE)" >"$out"
                    else
                      vdostats --verbose "$device" >"$out" 2>&1 || echo "vdostats --verbose $device failed" >>"$out"
                    fi ;;
                  *) echo "hook.sh: unknown step '$1'" >&2; exit 2 ;;
                esac
                """.formatted(options.filename());
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
