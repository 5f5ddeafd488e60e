#!/usr/bin/env bash
# Proof that the A/B speed gate (scripts/gate-ab.sh: interleaved rounds, paired forks, paired t-test + floor,
# confirmation by fresh rounds) works on this machine: how often an unchanged build compared with itself is
# flagged (false alarms), and how often a planted slowdown is flagged (sensitivity). The planted slowdown is
# the test-only knob -Dvdobench.slowdown=F on LZ4 over FFM (CodecBench does every round(1/F)-th call twice).
#   scripts/gate-sensitivity.sh [REPLICATES] [SLOWDOWN] [ROUNDS]     (defaults: 20, 0.10, 4 as in CI)
# Each replicate runs ROUNDS rounds of A B C C B A (C B A A B C on even rounds): A and B the same jar, C the
# same jar with the knob; the gate pairs each B with the A next to it, each C with the A two runs away (a
# looser pairing than CI's, so no easier). Comparison i judges A vs B (unchanged) and A vs C (planted) with
# replicate i and offers replicates i+1 and i+2 as the 2 x ROUNDS fresh rounds CI runs for what its first look
# flags (the gate uses them only for SUSPECT or REGRESSION rows, as CI); so REPLICATES comparisons need
# REPLICATES + 2 replicates. The benchmarks are the gate's LZ4 pair (compress, decompress at 4 KiB),
# the ones the knob slows. Writes reports/out/gate-sensitivity/: every run's JMH JSON, the tables, summary.md.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
cd "$VDOBENCH_ROOT"
reps="${1:-20}"
slow="${2:-0.10}"
rounds="${3:-4}"
[[ "$reps" =~ ^[1-9][0-9]*$ && "$rounds" =~ ^[1-9][0-9]*$ && "$slow" =~ ^0?\.[0-9]+$ ]] \
    || { echo "usage: scripts/gate-sensitivity.sh [REPLICATES] [SLOWDOWN e.g. 0.10] [ROUNDS]" >&2; exit 2; }
vdobench_find_jdk || exit 2
vdobench_ensure_maven || exit 2
vdobench_provision
vdobench_build_if_stale "$VDOBENCH_ROOT/reports/target/vdobench.jar" || exit 2
export VDOBENCH_GATE_CODECS=lz4:impl:ffm VDOBENCH_GATE_PIPELINE=0
jar="$VDOBENCH_ROOT/bench/target/benchmarks.jar"
out=reports/out/gate-sensitivity
rm -rf "$out"
mkdir -p "$out"
knob="-Dvdobench.slowdown=$slow -Dvdobench.slowdown.codec=lz4:impl=ffm"

run() { # $1 = A, B or C, $2 = run name
    local extra=()
    [ "$1" = C ] && extra=(-jvmArgsAppend "$knob")
    vdobench_gate_bench "$out/$2" "$jar" "${extra[@]}" || { vdobench_log "run $2 failed: see $out/$2-*.log"; exit 2; }
}
files() { # $1 = glob, $2 = option
    local f
    for f in "$out"/$1*.json; do printf '%s\n%s\n' "$2" "$f"; done
}
gate() { # $1 = replicate, $2 = B or C: prints exit code and the LZ4 changes
    local i="$1" j=$(($1 + 1)) k=$(($1 + 2)) rc=0 args
    mapfile -t args < <(files "r$i-A" --baseline; files "r$i-$2" --current; files "r$j-A" --confirm-baseline;
        files "r$k-A" --confirm-baseline; files "r$j-$2" --confirm; files "r$k-$2" --confirm)
    ./vdobench gate "${VDOBENCH_GATE_FLAGS[@]}" --min-samples $((2 * rounds)) "${args[@]}" \
        --md "$out/gate-r$i-$2.md" >/dev/null 2>&1 || rc=$?
    printf '%s %s\n' "$rc" "$(grep -o '| [+-][0-9.]*% |' "$out/gate-r$i-$2.md" | tr -d '| ' | paste -sd' ' -)"
}

start=$SECONDS
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 0 $((reps + 1))); do
    for r in $(seq 1 "$rounds"); do
        if [ $((r % 2)) -eq 1 ]; then order="A B C C B A"; else order="C B A A B C"; fi
        n=0
        for side in $order; do
            n=$((n + 1))
            run "$side" "r$i-$side$r-$n"
        done
    done
    vdobench_log "replicate $i of $((reps + 1)) done ($((SECONDS - start)) s, load $(cut -d' ' -f1 /proc/loadavg))"
    sleep 16 # a JMH run waiting for the lock (vdobench_jmh polls every 15 s) gets through
done
declare -A count=([B0]=0 [B1]=0 [B2]=0 [B3]=0 [C0]=0 [C1]=0 [C2]=0 [C3]=0)
lines=()
for i in $(seq 0 $((reps - 1))); do
    read -r rb cb < <(gate "$i" B)
    read -r rc cc < <(gate "$i" C)
    count[B$rb]=$((count[B$rb] + 1))
    count[C$rc]=$((count[C$rc] + 1))
    lines+=("| $((i + 1)) | $rb | $cb | $rc | $cc |")
done
{
    echo "# A/B speed gate sensitivity"
    echo
    echo "$(date -u +%FT%TZ), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (with uncommitted changes)'),"
    echo "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores, load average at the start: $load_before, at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "Command: \`scripts/gate-sensitivity.sh $reps $slow $rounds\` ($((SECONDS - start)) s). Gate settings as CI's"
    echo "(\`scripts/gate-ab.sh\`: $rounds rounds, paired forks, \`${VDOBENCH_GATE_FLAGS[*]}\`, first-look SUSPECT or REGRESSION rows decided on $((2 * rounds)) more rounds), on"
    echo "the gate's LZ4 benchmarks (\`CodecBench.compress\`/\`decompress\`, \`lz4:impl=ffm\`, 4 KiB)."
    echo
    echo "- Unchanged build against itself, $reps comparisons: **${count[B0]} passed**, ${count[B1]} flagged (exit 1), ${count[B2]} INVALID (exit 2)."
    echo "- LZ4 given $(awk "BEGIN{print $slow*100}") % more work (test knob: every $(awk "BEGIN{printf \"%d\", 1/$slow + 0.5}")-th call done twice), $reps comparisons: **${count[C1]} flagged**, ${count[C0]} passed, ${count[C2]} INVALID."
    echo
    echo "| comparison | unchanged: exit | unchanged: changes (compress, decompress) | planted: exit | planted: changes |"
    echo "|---:|---:|---|---:|---|"
    printf '%s\n' "${lines[@]}"
} | tee "$out/summary.md"
