#!/usr/bin/env bash
# The CI regression gate: both gates of `vdobench gate` against the committed baselines.
#   scripts/gate-smoke.sh            run the smoke benches, gate them; exit 0 pass, 1 regression, 2 unusable
#   scripts/gate-smoke.sh --update   re-baseline: rewrite reports/baselines/{smoke-jmh.json,deterministic.csv}
# Deterministic gate: compressed bytes, output hashes, does-not-fit counts and round trips of every
# available codec on a fixed corpus must equal reports/baselines/deterministic.csv exactly.
# Statistical gate: the smoke benches (the calibration rulers plus LZ4 and QPL at 4 KiB) against
# reports/baselines/smoke-jmh.json: Mann-Whitney U on 10 iterations AND an effect floor, scores
# normalised by the rulers; a regression must show again in one confirmation rerun to fail.
# Results: reports/out/gate/ (markdown and CSV tables, raw JMH JSON).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
cd "$VDOBENCH_ROOT"
vdobench_find_jdk || exit 2
vdobench_ensure_maven || exit 2
vdobench_provision
vdobench_build_if_stale "$VDOBENCH_ROOT/reports/target/vdobench.jar"

baselines=reports/baselines
out="${VDOBENCH_GATE_OUT:-reports/out/gate}"
mkdir -p "$out"
smoke() { # $1 = output JSON
    vdobench_jmh "$out/jmh-$(basename "$1" .json).log" \
        'CalibrationBench|CodecBench\.(compress|decompress)$' \
        -p codec=lz4:impl:ffm,qpl:path:software/huffman:fixed/level:default/verify:on -p blockSize=4096 \
        -f 1 -wi 2 -w 500ms -i 10 -r 500ms -rf json -rff "$1"
}

# The speed baseline is only enforceable on the kind of CPU it was recorded on: the calibration rulers
# cancel a machine being uniformly faster or slower, not a different cache or core design.
host_id() { printf '%s, %s cores\n' "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" "$(nproc)"; }

if [ "${1:-}" = "--update" ]; then
    smoke "$baselines/smoke-jmh.json"
    host_id > "$baselines/smoke-jmh.host"
    ./vdobench gate --write-deterministic "$baselines/deterministic.csv"
    vdobench_log "baselines rewritten in $baselines: review 'git diff $baselines' and commit"
    exit 0
fi

rc=0
./vdobench gate --deterministic "$baselines/deterministic.csv" | tee "$out/deterministic.txt" || rc=$?
[ "$rc" -le 1 ] || exit "$rc"
smoke "$out/current.json"
speed=0
./vdobench gate --baseline "$baselines/smoke-jmh.json" --current "$out/current.json" \
    --md "$out/gate.md" --csv "$out/gate.csv" || speed=$?
if [ "$speed" -eq 1 ]; then
    vdobench_log "speed gate flagged a regression: one confirmation rerun"
    smoke "$out/confirm.json"
    speed=0
    ./vdobench gate --baseline "$baselines/smoke-jmh.json" --current "$out/current.json" \
        --confirm "$out/confirm.json" --md "$out/gate.md" --csv "$out/gate.csv" || speed=$?
fi
if [ "$speed" -eq 1 ] && [ "$(host_id)" != "$(cat "$baselines/smoke-jmh.host" 2>/dev/null)" ]; then
    vdobench_log "ADVISORY ONLY: the speed baseline was recorded on '$(cat "$baselines/smoke-jmh.host" 2>/dev/null)'," \
        "this host is '$(host_id)': a regression here may be the CPU, not the code; not failing. Re-baseline with --update."
    speed=0
fi
[ "$speed" -gt "$rc" ] && rc=$speed
vdobench_log "gate: exit $rc (tables in $out)"
exit "$rc"
