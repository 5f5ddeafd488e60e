#!/usr/bin/env bash
# What stage timing costs the matrix (docs/OFFLOAD-MODEL.md §1): PipelineBench with stage timing off (A) and
# on (B), interleaved A B B A / B A A B for K rounds (one fork each), judged by `vdobench gate --unit pair`
# (paired t-test on log ratios, 5 % floor), 1 and 8 jobs apart: exit 0 means no case got measurably slower with
# timing on, 1 that one did, 2 that the forks were too noisy to judge; DIR/gate-t1.md and gate-t8.md list each
# case's on/off ratio. Cases: write and read (sequential), 4 KiB and 128 KiB, lz4 and iaa, 1 and 8 jobs, threads
# execution (the matrix's): 16 JMH cases of ~2.5 s per run, 4 runs per round; one round took 5.5 min here, so
# K = 3 takes ~17 min.
#   scripts/stage-timing-overhead.sh [--rounds K] [--execution threads|inline]   (output: reports/out/stage-overhead)
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
cd "$VDOBENCH_ROOT"
rounds=3
execution=threads
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds="${2:-}"; shift 2 ;;
        --execution) execution="${2:-}"; shift 2 ;;
        *) echo "usage: scripts/stage-timing-overhead.sh [--rounds K] [--execution threads|inline]" >&2; exit 2 ;;
    esac
done
[[ "$rounds" =~ ^[1-9][0-9]?$ ]] || { echo "--rounds: 1-99" >&2; exit 2; }
vdobench_find_jdk || exit 2
vdobench_ensure_maven || exit 2
vdobench_provision
vdobench_build_if_stale "$VDOBENCH_ROOT/reports/target/vdobench.jar" "$VDOBENCH_ROOT/bench/target/benchmarks.jar" || exit 2
out="${VDOBENCH_OVERHEAD_OUT:-reports/out/stage-overhead}"
rm -rf "$out"
mkdir -p "$out/stages"
out="$(cd "$out" && pwd)"

run() { # $1 = A (off) or B (on), $2 = run name
    local t jvm="--enable-native-access=ALL-UNNAMED -Dvdobench.native.dir=$VDOBENCH_NATIVE_DIR"
    [ "$1" = B ] && jvm="$jvm -Dvdobench.stages.dir=$out/stages"
    for t in 1 8; do
        VDOBENCH_JMH_NICE=-20 vdobench_jmh "$out/$2-t$t.log" 'PipelineBench\.io$' \
            -p pattern=write,read -p blockSize=4096,131072 -p policy=lz4,iaa -p regionMiB=64 \
            -p execution="$execution" -t "$t" -f 1 -wi 1 -w 500ms -i 3 -r 500ms -jvmArgsAppend "$jvm" \
            -rf json -rff "$out/$2-t$t.json" || { vdobench_log "run $2 failed: see $out/$2-t$t.log"; exit 2; }
    done
}
start=$SECONDS
for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) -eq 1 ]; then
        run A "A$r-1"; run B "B$r-1"; run B "B$r-2"; run A "A$r-2"
    else
        run B "B$r-1"; run A "A$r-1"; run A "A$r-2"; run B "B$r-2"
    fi
done
# JMH's JSON does not key a result by its thread count: the 1-job and 8-job runs get a gate each.
rc=0
for t in 1 8; do
    args=()
    for f in "$out"/A*-t$t.json; do args+=(--baseline "$f"); done
    for f in "$out"/B*-t$t.json; do args+=(--current "$f"); done
    r=0
    ./vdobench gate "${VDOBENCH_GATE_FLAGS[@]}" --min-samples $((2 * rounds)) "${args[@]}" --md "$out/gate-t$t.md" \
        --csv "$out/gate-t$t.csv" || r=$?
    if [ "$r" -eq 1 ] || { [ "$rc" -ne 1 ] && [ "$r" -gt "$rc" ]; }; then rc=$r; fi
done
vdobench_log "stage timing on (B) vs off (A): gate exit $rc, $((SECONDS - start)) s (tables: $out/gate-t1.md, gate-t8.md)"
exit "$rc"
