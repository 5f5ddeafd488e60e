#!/usr/bin/env bash
# What a setting of the pipeline costs the matrix, measured paired: PipelineBench without it (A) and with it (B),
# interleaved A B B A / B A A B for K rounds (one fork each), judged by `vdobench gate --unit pair` (one-sided paired
# t-test on log ratios toward B slower, 5 % floor; a first look that leans to a slowdown gets 2K fresh rounds, as in
# scripts/gate-ab.sh), 1 and 8 jobs apart. Exit 0: no case got measurably slower with B; 1: one did; 2: the forks
# were too noisy to judge. DIR/gate-t1.md and gate-t8.md give each case's B/A ratio with its interval.
#   scripts/pipeline-ab.sh stage-timing [--rounds K] [--execution threads|inline]
#       A: no stage timing, B: --model's stage timing (docs/OFFLOAD-MODEL.md §1)   -> reports/out/stage-overhead
#   scripts/pipeline-ab.sh metadata [--rounds K] [--execution threads|inline]
#       A: metadata kept in memory (the model before issue 17), B: dm-vdo's metadata I/O on the device (the default)
#                                                                                -> reports/out/metadata-cost
#   scripts/pipeline-ab.sh aa [--rounds K] [--execution threads|inline]
#       A/A: A and B the same build with the same settings (the defaults), so any case flagged is a false alarm
#       of the method (paired rounds, the gate's statistics, the SUSPECT reruns)   -> reports/out/pipeline-aa
# --smoke runs one case (write, 4 KiB, lz4, 1 job), 2 x 400 ms warm-up and 2 x 200 ms iterations: it checks the
# script end to end (about 10 s a round here); its forks often vary too much to judge (exit 2). VDOBENCH_AB_OUT=DIR writes
# elsewhere; VDOBENCH_JMH_NICE= (empty) leaves JMH at the caller's priority instead of nice -20.
# Cases: write and read (sequential), 4 KiB and 128 KiB, lz4 and iaa, 1 and 8 jobs, threads execution (the
# matrix's): 16 JMH cases of ~2.5 s per run, 4 runs per round; one round took 5.5 min here, so K = 3 takes ~17 min.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
cd "$VDOBENCH_ROOT"
usage="usage: scripts/pipeline-ab.sh stage-timing|metadata|aa [--rounds K] [--execution threads|inline] [--smoke]"
what="${1:-}"
shift || true
rounds=3
execution=threads
cases=(-p pattern=write,read -p blockSize=4096,131072 -p policy=lz4,iaa)
times=(-wi 1 -w 500ms -i 3 -r 500ms)
jobs=(1 8)
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds="${2:-}"; shift 2 ;;
        --execution) execution="${2:-}"; shift 2 ;;
        --smoke)
            cases=(-p pattern=write -p blockSize=4096 -p policy=lz4)
            times=(-wi 2 -w 400ms -i 2 -r 200ms)
            jobs=(1)
            shift ;;
        *) echo "$usage" >&2; exit 2 ;;
    esac
done
[[ "$rounds" =~ ^[1-9][0-9]?$ ]] || { echo "--rounds: 1-99" >&2; exit 2; }
[[ "$execution" =~ ^(threads|inline)$ ]] || { echo "$usage" >&2; exit 2; }
case "$what" in
    stage-timing) default_out=reports/out/stage-overhead ;;
    metadata) default_out=reports/out/metadata-cost ;;
    aa) default_out=reports/out/pipeline-aa ;;
    *) echo "$usage" >&2; exit 2 ;;
esac
vdobench_find_jdk || exit 2
vdobench_ensure_maven || exit 2
vdobench_provision
vdobench_build_if_stale "$VDOBENCH_ROOT/reports/target/vdobench.jar" "$VDOBENCH_ROOT/bench/target/benchmarks.jar" || exit 2
out="${VDOBENCH_AB_OUT:-$default_out}"
rm -rf "$out"
mkdir -p "$out/stages"
out="$(cd "$out" && pwd)"

run() { # $1 = A (off) or B (on), $2 = run name
    local t jvm="--enable-native-access=ALL-UNNAMED -Dvdobench.native.dir=$VDOBENCH_NATIVE_DIR"
    case "$what/$1" in # aa: neither side gets anything
        stage-timing/B) jvm="$jvm -Dvdobench.stages.dir=$out/stages" ;;
        metadata/A) jvm="$jvm -Dvdobench.metadata=off" ;;
    esac
    for t in "${jobs[@]}"; do
        VDOBENCH_JMH_NICE="${VDOBENCH_JMH_NICE--20}" vdobench_jmh "$out/$2-t$t.log" 'PipelineBench\.io$' \
            "${cases[@]}" -p regionMiB=64 -p execution="$execution" -t "$t" -f 1 "${times[@]}" -jvmArgsAppend "$jvm" \
            -rf json -rff "$out/$2-t$t.json" || { vdobench_log "run $2 failed: see $out/$2-t$t.log"; exit 2; }
    done
}
start=$SECONDS
vdobench_ab_rounds run "" "$rounds"
# JMH's JSON does not key a result by its thread count: the 1-job and 8-job runs get a gate each.
judge() { # $1 = jobs: the gate's exit code of that half, over the first rounds and any confirmation rounds
    local t="$1" f args=() r=0
    for f in "$out"/A*-t$t.json; do args+=(--baseline "$f"); done
    for f in "$out"/B*-t$t.json; do args+=(--current "$f"); done
    for f in "$out"/confirm-A*-t$t.json; do [ -e "$f" ] && args+=(--confirm-baseline "$f"); done
    for f in "$out"/confirm-B*-t$t.json; do [ -e "$f" ] && args+=(--confirm "$f"); done
    ./vdobench gate "${VDOBENCH_GATE_FLAGS[@]}" --min-samples $((2 * rounds)) "${args[@]}" --md "$out/gate-t$t.md" \
        --csv "$out/gate-t$t.csv" >&2 || r=$?
    echo "$r"
}
judge_all() { # codes = the gates' exit codes, one per job count, in the order of $jobs
    local t
    codes=()
    for t in "${jobs[@]}"; do codes+=("$(judge "$t")"); done
}
leans() { # true when a gate flagged (1) or leans to a slowdown (SUSPECT, 3)
    local r
    for r in "${codes[@]}"; do
        if [ "$r" -eq 1 ] || [ "$r" -eq 3 ]; then return 0; fi
    done
    return 1
}
judge_all
if leans; then
    # As the speed gate: a first look that flags or leans to a slowdown (SUSPECT) gets 2K fresh rounds, and all
    # the pairs together decide.
    vdobench_log "first look: gate exit ${codes[*]} (jobs ${jobs[*]}) -> $((2 * rounds)) fresh rounds decide"
    vdobench_ab_rounds run "confirm-" $((2 * rounds))
    judge_all
fi
rc=0
for r in "${codes[@]}"; do
    if [ "$r" -eq 1 ] || { [ "$rc" -ne 1 ] && [ "$r" -gt "$rc" ]; }; then rc=$r; fi
done
tables="$(printf 'gate-t%s.md ' "${jobs[@]}")"
case "$what" in
    aa) sides="A/A, the same build and settings as A and B (any flag is a false alarm)" ;;
    *) sides="with it (B) vs without (A)" ;;
esac
vdobench_log "$what: $sides: gate exit $rc, $((SECONDS - start)) s (tables in $out: ${tables% })"
exit "$rc"
