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
# Cases: write and read (sequential), 4 KiB and 128 KiB, lz4 and iaa, 1 and 8 jobs, threads execution (the
# matrix's): 16 JMH cases of ~2.5 s per run, 4 runs per round; one round took 5.5 min here, so K = 3 takes ~17 min.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
cd "$VDOBENCH_ROOT"
usage="usage: scripts/pipeline-ab.sh stage-timing|metadata [--rounds K] [--execution threads|inline]"
what="${1:-}"
shift || true
rounds=3
execution=threads
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds="${2:-}"; shift 2 ;;
        --execution) execution="${2:-}"; shift 2 ;;
        *) echo "$usage" >&2; exit 2 ;;
    esac
done
[[ "$rounds" =~ ^[1-9][0-9]?$ ]] || { echo "--rounds: 1-99" >&2; exit 2; }
[[ "$execution" =~ ^(threads|inline)$ ]] || { echo "$usage" >&2; exit 2; }
case "$what" in
    stage-timing) default_out=reports/out/stage-overhead ;;
    metadata) default_out=reports/out/metadata-cost ;;
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
    case "$what/$1" in
        stage-timing/B) jvm="$jvm -Dvdobench.stages.dir=$out/stages" ;;
        metadata/A) jvm="$jvm -Dvdobench.metadata=off" ;;
    esac
    for t in 1 8; do
        VDOBENCH_JMH_NICE=-20 vdobench_jmh "$out/$2-t$t.log" 'PipelineBench\.io$' \
            -p pattern=write,read -p blockSize=4096,131072 -p policy=lz4,iaa -p regionMiB=64 \
            -p execution="$execution" -t "$t" -f 1 -wi 1 -w 500ms -i 3 -r 500ms -jvmArgsAppend "$jvm" \
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
r1="$(judge 1)"
r8="$(judge 8)"
if [ "$r1" -eq 1 ] || [ "$r1" -eq 3 ] || [ "$r8" -eq 1 ] || [ "$r8" -eq 3 ]; then
    # As the speed gate: a first look that flags or leans to a slowdown (SUSPECT) gets 2K fresh rounds, and all
    # the pairs together decide.
    vdobench_log "first look: 1 job exit $r1, 8 jobs exit $r8 -> $((2 * rounds)) fresh rounds decide"
    vdobench_ab_rounds run "confirm-" $((2 * rounds))
    r1="$(judge 1)"
    r8="$(judge 8)"
fi
rc=0
for r in "$r1" "$r8"; do
    if [ "$r" -eq 1 ] || { [ "$rc" -ne 1 ] && [ "$r" -gt "$rc" ]; }; then rc=$r; fi
done
vdobench_log "$what: with it (B) vs without (A): gate exit $rc, $((SECONDS - start)) s (tables: $out/gate-t1.md, gate-t8.md)"
exit "$rc"
