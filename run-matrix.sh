#!/usr/bin/env bash
# run-matrix.sh: the patch's LZ4-vs-IAA matrix on the vdobench reference pipeline.
#
# Provisions native libraries and builds what is missing, runs the JMH pipeline benches
# (io.vdobench.bench.PipelineBench, one JMH run per case x policy x fork, the policies' forks interleaved
# A B B A so that each B fork is paired with an A fork run next to it; progress with ETA), then assembles
# the run directory: raw JMH JSON, results.csv, summary.csv (+ summary.txt, cases.csv, verdicts.csv), fio-shaped
# JSON per case, environment.properties and index.html.
#
# Usage: ./run-matrix.sh [options]
#   --profile smoke|quick|settle|full   which cases and how long (default quick: all 72 cases, ~5 s each)
#                                smoke: 6 cases, 0.5 s warm-up + 3 x 0.3 s; quick: 1 s + 3 x 0.7 s;
#                                settle: all 72 cases, quick's timing in 7 forks per policy, each B fork
#                                run next to an A fork (A B B A ...): verdicts per case and I/O type (~85 min);
#                                full: the patch's 30 s warm-up + 60 s (6 x 10 s) per case
#   --policies A,B               policies to compare (default lz4,iaa; first is the baseline A, second B)
#                                names: lz4, iaa, iaa-hw, iaa-off, codec:<id>, deflate:<id>; the same policy
#                                twice is an A/A run (B labelled e.g. lz4#2)
#   --aa POLICY                  A/A run: POLICY against itself (same as --policies POLICY,POLICY); every
#                                verdict other than "no detectable difference" is a false alarm
#   --plant F                    TEST ONLY: lz4 against lz4-planted:F=F, LZ4 whose compress does fraction F
#                                more of its own work (e.g. 0.02): the known effect a comparison must find
#   --patterns LIST              subset of write,read,randwrite,randread
#   --sizes LIST                 subset of 4k,8k,16k,32k,64k,128k
#   --jobs LIST                  subset of 1,8,16
#   --out DIR                    run directory (default reports/out/<UTC timestamp>)
#   --region-mib N               logical region / volume size in MiB (default 64)
#   --vdo-threads SPEC           dm-vdo's thread counts as its table takes them, e.g. cpu=2,bio=4 (keys ack,
#                                bio, bioRotationInterval, cpu, hash, logical, physical; default dm-vdo's:
#                                ack=1,bio=4,bioRotationInterval=64,cpu=1,hash=0,logical=0,physical=0)
#   --execution threads|inline   threads (default): on dm-vdo's threads of --vdo-threads (cpuQ, ackQ, bioQn,
#                                ...), as the kernel runs them; inline: every step on the job's (or NBD
#                                connection's) own thread
#   --forks N, --iterations N, --iteration-ms MS, --warmup-ms MS
#                                override the profile's JMH settings (--forks: forks per case and policy,
#                                interleaved A B B A A B B A ..., each B fork paired with the A fork next to it)
#   --engine jmh|fio             jmh (default): the JMH pipeline benches. fio: Debian's fio (ioengine=nbd;
#                                installed when missing) against a pipeline volume served over NBD per policy
#                                (the profile's fio ramp/runtime from matrix.json, e.g. quick 2 s + 3 s), then a
#                                crc32c verify pass of the matrix's data that must decode compressed fragments
#   --model                      time the pipeline's stages while measuring (DIR/stages/), then the offload
#                                model on the run (vdobench model DIR: model.csv, model-validation.csv,
#                                model.md; all MODEL, never in the summary; jmh engine)
#   --matrix-only                only the matrix: skip the report's other sections (below), which then say so
#   --dry-run                    print the plan, run nothing
#   -h, --help                   this text
#
# After the matrix (either engine) the report's other sections are measured, sized to the profile, each
# timed and recorded in DIR/sections.properties (the page says what ran, the command and how long):
#   codec bench   CodecBenchMain, every available codec at 4 KiB and 64 KiB (full: every matrix block size) of
#                 fio-60 % data -> codec-bench.csv; smoke: in-process, 3 x 50 ms; quick: in-process, 3 x 100 ms;
#                 full: forked, CodecBenchMain's quick profile (2 x 500 ms warm-up, 5 x 500 ms)
#   fragments     vdobench report --sample-fragments N (smoke 512, quick 2048, full 8192 blocks) -> fragments.csv
#   conformance   the conformance suite's producers (Maven: CrossDecompressionMatrixTest, Lz4CrossLibraryTest,
#                 IaaWindowTest, HostileInputFuzzTest) -> conformance.csv, hostile.csv; hostile cases: smoke
#                 2 000 + 500 packed blocks, quick 20 000 + 4 000, full the suite's 100 000 + 20 000
# Added time on a quiet 2-core machine: smoke about 1.5 min, quick about 2 min, full about 25 min.
#
# Environment: JAVA_HOME (JDK 22+; otherwise the newest one found, see scripts/lib.sh).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/scripts/lib.sh"
ROOT="$VDOBENCH_ROOT"
PROFILE=quick
POLICIES=""
AA=""
PLANT=""
PATTERNS=""
SIZES=""
JOBS=""
OUT=""
ENGINE=jmh
MODEL=0
SECTIONS=1
DRY=0
EXTRA=()

usage() { sed -n '2,59p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() { echo "run-matrix: $*" >&2; exit 2; }
need() { [ $# -ge 2 ] || die "option $1 needs a value"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --profile) need "$@"; PROFILE="$2"; shift 2 ;;
        --policies) need "$@"; POLICIES="$2"; shift 2 ;;
        --aa) need "$@"; AA="$2"; shift 2 ;;
        --plant) need "$@"; PLANT="$2"; shift 2 ;;
        --patterns) need "$@"; PATTERNS="$2"; shift 2 ;;
        --sizes) need "$@"; SIZES="$2"; shift 2 ;;
        --jobs) need "$@"; JOBS="$2"; shift 2 ;;
        --out) need "$@"; OUT="$2"; shift 2 ;;
        --engine) need "$@"; ENGINE="$2"; shift 2 ;;
        --region-mib|--forks|--iterations|--iteration-ms|--warmup-ms|--warmup-iterations|--vdo-threads|--execution)
            need "$@"; EXTRA+=("$1" "$2"); shift 2 ;;
        --model) MODEL=1; shift ;;
        --matrix-only) SECTIONS=0; shift ;;
        --dry-run) DRY=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown option: $1 (see ./run-matrix.sh --help)" ;;
    esac
done

case "$PROFILE" in smoke|quick|settle|full) ;; *) die "--profile '$PROFILE': use smoke, quick, settle or full" ;; esac
if [ -n "$POLICIES" ] && [ -n "$AA$PLANT" ] || [ -n "$AA" ] && [ -n "$PLANT" ]; then
    die "give one of --policies, --aa and --plant"
fi
if [ -n "$AA" ]; then
    POLICIES="$AA,$AA"
elif [ -n "$PLANT" ]; then
    [[ "$PLANT" =~ ^(0|0?\.[0-9]+|1)$ ]] || die "--plant '$PLANT': use a fraction between 0 and 1, e.g. 0.02"
    POLICIES="lz4,lz4-planted:F=$PLANT"
fi
POLICIES="${POLICIES:-lz4,iaa}"
case "$ENGINE" in
    jmh|fio) ;;
    *) die "--engine '$ENGINE': use jmh or fio" ;;
esac
[ "$ENGINE" = fio ] && [ "$DRY" = 1 ] && die "--dry-run is for the jmh engine"
IFS=, read -r -a POL <<< "$POLICIES"
[ "${#POL[@]}" -ge 1 ] || die "--policies is empty"
# An A/A run: the same policy twice gets a second label (the engines build the policy a label names).
if [ "${#POL[@]}" -ge 2 ] && [ "${POL[1]}" = "${POL[0]}" ]; then
    POL[1]="${POL[0]}#2"
    POLICIES="$(IFS=,; echo "${POL[*]}")"
fi

# --- JDK, native libraries, jars (scripts/lib.sh) -------------------------------------------------
vdobench_find_jdk || exit 2
vdobench_provision
NATIVE_DIR="$VDOBENCH_NATIVE_DIR"
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
CLI_JAR="$ROOT/reports/target/vdobench.jar"
vdobench_build_if_stale "$CLI_JAR" "$BENCH_JAR" || exit $?
JAVA="$JAVA_HOME/bin/java"

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
# Not created here: the Java side checks every option, the selection and the policies first, and
# creates the directory only when it starts work (a failure before any result removes it again).
OUT="${OUT:-$ROOT/reports/out/$STAMP}"
JFLAGS=(--enable-native-access=ALL-UNNAMED "-Dvdobench.native.dir=$NATIVE_DIR")

ARGS=(--profile "$PROFILE" --policies "$POLICIES" --out "$OUT")
[ -n "$PATTERNS" ] && ARGS+=(--patterns "$PATTERNS")
[ -n "$SIZES" ] && ARGS+=(--sizes "$SIZES")
[ -n "$JOBS" ] && ARGS+=(--jobs "$JOBS")
[ "$DRY" = 1 ] && ARGS+=(--dry-run)
[ "$MODEL" = 1 ] && ARGS+=(--stage-timing)
ARGS+=("${EXTRA[@]}")

# sections ENGINE: the report's other sections (scripts/report-sections.sh), then the matrix's own facts, in
# DIR/sections.properties; prints the added time.
SECTIONS_SECONDS=0
sections() {
    local t0
    t0=$(date +%s)
    if [ "$SECTIONS" = 1 ]; then
        "$ROOT/scripts/report-sections.sh" "$PROFILE" "$OUT"
    else
        : > "$OUT/sections.properties"
        local s
        for s in codec-bench fragments conformance hostile; do
            printf '%s.status=not run: run-matrix.sh --matrix-only\n' "$s" >> "$OUT/sections.properties"
        done
    fi
    SECTIONS_SECONDS=$(( $(date +%s) - t0 ))
    {
        printf 'matrix.seconds=%s\n' "$((END - START))"
        printf 'matrix.status=ok\n'
        printf 'matrix.command=./run-matrix.sh --engine %s --profile %s --policies %s\n' "$1" "$PROFILE" "$POLICIES"
        if [ -n "${MATRIX_RAN:-}" ]; then printf 'matrix.ran=%s\n' "$MATRIX_RAN"; fi
    } >> "$OUT/sections.properties"
}

# The engines announce the run once they have checked it (a mistake is their one line of output).
START=$(date +%s)
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$ENGINE" = fio ]; then
    [ "$DRY" = 1 ] && die "--dry-run is for the jmh engine"
    # Debian's fio, installed when missing (scripts/ensure-debian-package.sh says why when it cannot be).
    FIO="$("$ROOT/scripts/ensure-debian-package.sh" fio fio)" || die "--engine fio needs fio (apt-get install fio)"
    "$FIO" --enghelp 2>/dev/null | grep -qx '[[:space:]]*nbd' || die "this fio ($FIO) has no nbd engine (needs libnbd)"
    FARGS=(--dir "$OUT" --profile "$PROFILE" --policies "$POLICIES" --repo "$ROOT" --fio "$FIO")
    [ -n "$PATTERNS" ] && FARGS+=(--patterns "$PATTERNS")
    [ -n "$SIZES" ] && FARGS+=(--sizes "$SIZES")
    [ -n "$JOBS" ] && FARGS+=(--jobs "$JOBS")
    REPEATS=1
    [ "$PROFILE" = settle ] && REPEATS=7
    for ((i = 0; i < ${#EXTRA[@]}; i += 2)); do
        case "${EXTRA[$i]}" in
            --region-mib|--vdo-threads|--execution) FARGS+=("${EXTRA[$i]}" "${EXTRA[$((i + 1))]}") ;;
            # fio's repeats of a case play JMH's forks: alternated A B B A and paired
            --forks) REPEATS="${EXTRA[$((i + 1))]}" ;;
        esac
    done
    FARGS+=(--repeats "$REPEATS")
    "$JAVA" "${JFLAGS[@]}" -cp "$CLI_JAR" io.vdobench.cli.MatrixFioCommand "${FARGS[@]}" \
        --env "run.command=run-matrix.sh --engine fio --profile $PROFILE --policies $POLICIES" \
        --env "fio.load_average_before=$LOAD_BEFORE"
    END=$(date +%s)
    LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
    sections "fio"
    "$JAVA" "${JFLAGS[@]}" -cp "$CLI_JAR" io.vdobench.cli.Main report "$OUT"
    echo "run-matrix: fio matrix wall time $((END - START)) s (load average before $LOAD_BEFORE, after $LOAD_AFTER)"
    echo "run-matrix: the report's other sections added $SECTIONS_SECONDS s (scripts/report-sections.sh $PROFILE; see $OUT/sections.properties)"
    echo "run-matrix: report $OUT/index.html"
    exit 0
fi
# MatrixRunner's first line says what the matrix ran (cases, policies, JMH settings): the page shows it.
MATRIX_LOG="$(mktemp)"
trap 'rm -f "$MATRIX_LOG"' EXIT
"$JAVA" "${JFLAGS[@]}" -cp "$BENCH_JAR" io.vdobench.bench.MatrixRunner "${ARGS[@]}" | tee "$MATRIX_LOG"
[ "$DRY" = 1 ] && exit 0
MATRIX_RAN="$(sed -n 's/^matrix: profile /profile /p' "$MATRIX_LOG" | head -n 1)"
END=$(date +%s)
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

sections "jmh"

# The volume's thread configuration, as MatrixRunner recorded it, goes into the environment block.
VOLUME_ENV=()
if [ -f "$OUT/volume.properties" ]; then
    while IFS= read -r line; do [ -n "$line" ] && VOLUME_ENV+=(--env "$line"); done < "$OUT/volume.properties"
fi

BASE="${POL[0]}"
CAND_ARGS=()
[ "${#POL[@]}" -ge 2 ] && CAND_ARGS=(--candidate "${POL[1]}")
"$JAVA" "${JFLAGS[@]}" -cp "$CLI_JAR" io.vdobench.cli.MatrixCommand --dir "$OUT" --repo "$ROOT" \
    --baseline "$BASE" "${CAND_ARGS[@]}" \
    --env "profile=$PROFILE" --env "engine=jmh" --env "jmh.wall_seconds=$((END - START))" \
    --env "jmh.load_average_before=$LOAD_BEFORE" --env "jmh.load_average_after=$LOAD_AFTER" \
    --env "run.command=run-matrix.sh --profile $PROFILE --policies $POLICIES" "${VOLUME_ENV[@]}"
if [ "$MODEL" = 1 ] && [ "${#POL[@]}" -ge 2 ]; then
    "$JAVA" "${JFLAGS[@]}" -jar "$CLI_JAR" model "$OUT" --baseline "${POL[0]}" --policy "${POL[1]}" > "$OUT/model.log" 2>&1 \
        && "$JAVA" "${JFLAGS[@]}" -jar "$CLI_JAR" report "$OUT" > /dev/null 2>&1 \
        && echo "run-matrix: MODEL (offload model, not measured): $OUT/model.md" \
        || echo "run-matrix: the offload model failed (see $OUT/model.log)" >&2
fi
echo "run-matrix: matrix wall time $((END - START)) s (load average before $LOAD_BEFORE, after $LOAD_AFTER)"
echo "run-matrix: the report's other sections added $SECTIONS_SECONDS s (scripts/report-sections.sh $PROFILE; see $OUT/sections.properties)"
echo "run-matrix: report $OUT/index.html"
