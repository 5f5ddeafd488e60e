#!/usr/bin/env bash
# Proof that the speed gate works, on this machine: how often an unchanged build compared with itself
# is flagged (false alarms), and whether a known slowdown is flagged (sensitivity). Uses the same
# smoke benches and settings as scripts/gate-smoke.sh, restricted to LZ4 (plus the calibration rulers),
# and the test-only knob -Dvdobench.slowdown=F (CodecBench spins F x the time of every codec call).
#   scripts/gate-sensitivity.sh [SELF_RUNS] [SLOWDOWNS]     (defaults: 20, "0.05 0.10 0.20")
# Writes reports/out/gate-sensitivity/: every run's JMH JSON, the gate tables, and summary.md.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
cd "$VDOBENCH_ROOT"
vdobench_find_jdk || exit 2
vdobench_ensure_maven || exit 2
vdobench_provision
vdobench_build_if_stale "$VDOBENCH_ROOT/reports/target/vdobench.jar"

self_runs="${1:-20}"
slowdowns="${2:-0.05 0.10 0.20}"
out=reports/out/gate-sensitivity
mkdir -p "$out"
run() { # $1 = name, $2 = slowdown or empty
    local extra=()
    [ -n "${2:-}" ] && extra=(-jvmArgsAppend "-Dvdobench.slowdown=$2")
    vdobench_jmh "$out/$1.log" 'CalibrationBench|CodecBench\.(compress|decompress)$' \
        -p codec=lz4:impl:ffm -p blockSize=4096 -f 1 -wi 2 -w 500ms -i 10 -r 500ms "${extra[@]}" \
        -rf json -rff "$out/$1.json"
}
gate() { # $1 = current, $2 = confirmation; prints the exit code
    local rc=0
    ./vdobench gate --baseline "$out/base.json" --current "$out/$1.json" --confirm "$out/$2.json" \
        --md "$out/gate-$1.md" >/dev/null 2>&1 || rc=$?
    echo "$rc"
}

run base
for i in $(seq 0 "$self_runs"); do run "self$i"; done
flagged=0 invalid=0
for i in $(seq 1 "$self_runs"); do
    rc=$(gate "self$i" "self$(( i - 1 ))")
    [ "$rc" -eq 1 ] && flagged=$((flagged + 1))
    [ "$rc" -eq 2 ] && invalid=$((invalid + 1))
done
{
    echo "# Gate sensitivity on $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores, $(date -u +%FT%TZ)"
    echo
    echo "Command: \`scripts/gate-smoke.sh\` settings, LZ4 4 KiB compress + decompress + calibration rulers;"
    echo "\`scripts/gate-sensitivity.sh $self_runs \"$slowdowns\"\`."
    echo
    echo "- Unchanged build against its baseline, $self_runs comparisons (each with the previous run as"
    echo "  its confirmation rerun): **$flagged flagged**, $invalid INVALID."
    for s in $slowdowns; do
        run "slow-$s-a" "$s"
        run "slow-$s-b" "$s"
        rc=$(gate "slow-$s-a" "slow-$s-b")
        verdict=$([ "$rc" -eq 1 ] && echo "flagged (exit 1)" || echo "NOT flagged (exit $rc)")
        changes=$(grep -o 'compress {[^|]*} | ops/s | [^|]* | [^|]* | [^|]*' "$out/gate-slow-$s-a.md" \
            | awk -F'|' '{print $5}' | tr -d ' ' | paste -sd' ' -)
        echo "- Codec slowed by $(awk "BEGIN{print $s*100}") %: $verdict; measured changes: $changes"
    done
} | tee "$out/summary.md"
