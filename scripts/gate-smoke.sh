#!/usr/bin/env bash
# The CI regression gate, both halves, every verdict from this machine and this run:
#   scripts/gate-smoke.sh            deterministic gate, then the A/B speed gate against reports/baselines/speed-ref
#   scripts/gate-smoke.sh --update   re-record the deterministic baseline (reports/baselines/deterministic.csv)
# Deterministic: compressed bytes, output hashes, does-not-fit counts, round trips and pipeline packing of every
# available codec on a fixed corpus must equal reports/baselines/deterministic.csv exactly; rows that cannot be
# judged here (backend unavailable, other library version, new) are listed with the reason; a baseline row this
# run does not produce although its backend is available fails.
# Speed: scripts/gate-ab.sh builds the reference commit named in reports/baselines/speed-ref and measures it
# against this checkout interleaved (A B B A, fork means, confirmation rerun). Moving the reference forward is a
# deliberate commit that says which slowdown is accepted and why. reports/baselines/smoke-jmh.json is a record of
# an older machine's run; it decides nothing.
# Exit: 0 pass, 1 regression, 2 unusable. Results: reports/out/gate/ and reports/out/gate-ab/.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
cd "$VDOBENCH_ROOT"
vdobench_find_jdk || exit 2
vdobench_ensure_maven || exit 2
vdobench_provision
vdobench_build_if_stale "$VDOBENCH_ROOT/reports/target/vdobench.jar" || exit 2

baselines=reports/baselines
out="${VDOBENCH_GATE_OUT:-reports/out/gate}"
mkdir -p "$out"
if [ "${1:-}" = "--update" ]; then
    ./vdobench gate --write-deterministic "$baselines/deterministic.csv"
    vdobench_log "deterministic baseline rewritten: review 'git diff $baselines' and commit"
    exit 0
fi

rc=0
./vdobench gate --deterministic "$baselines/deterministic.csv" | tee "$out/deterministic.txt" || rc=$?
[ "$rc" -le 1 ] || exit "$rc"

ref="$(grep -v '^[[:space:]]*#' "$baselines/speed-ref" | grep -Eo '^[0-9a-f]{40}' | head -n 1 || true)"
[ -n "$ref" ] || { vdobench_log "$baselines/speed-ref names no commit (40 hex digits on a line of its own)"; exit 2; }
if ! git cat-file -e "$ref^{commit}" 2>/dev/null; then
    vdobench_log "the speed reference $ref is not in this clone's history (a shallow clone?): fetch it or deepen the clone"
    exit 2
fi
speed=0
scripts/gate-ab.sh "$ref" || speed=$?
[ "$speed" -gt "$rc" ] && rc=$speed
vdobench_log "gate: exit $rc (deterministic: $out/deterministic.txt; speed: reports/out/gate-ab/gate.md)"
exit "$rc"
