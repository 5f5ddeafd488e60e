#!/usr/bin/env bash
# Paired A/B speed gate on one host, in one run: builds REF (the base, A) in a separate git worktree, then
# runs the gate's benchmarks (vdobench_gate_bench in lib.sh) of base and of this checkout (B) in K rounds,
# interleaved A B B A / B A A B, one fork per benchmark per run, and judges each B fork against the A fork
# run next to it with `vdobench gate --unit pair` (one-sided paired t-test on log ratios + 5 % floor). A
# benchmark whose first look is a regression or only leans to one (SUSPECT, exit 3) gets 2K fresh rounds of
# its own, and all its pairs together decide: a screen costs time, never false alarms.
# Pairing neighbours cancels what the machine does during the run; comparing with a number recorded on
# another machine or day cannot.
#   scripts/gate-ab.sh [--rounds K] REF      e.g. scripts/gate-ab.sh HEAD~1   (K default 4: 8 pairs)
# Exit: 0 no regression, 1 regression (or a benchmark of A missing from B), 2 unusable (REF does not
# build, a run failed, or the forks are too noisy to judge).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
cd "$VDOBENCH_ROOT"
rounds=4
if [ "${1:-}" = "--rounds" ]; then
    rounds="${2:-}"
    shift 2 || true
fi
[ $# -eq 1 ] && [[ "$rounds" =~ ^[1-9][0-9]?$ ]] || { echo "usage: scripts/gate-ab.sh [--rounds K (1-99)] REF" >&2; exit 2; }
ref="$1"
vdobench_find_jdk || exit 2
vdobench_ensure_maven || exit 2
vdobench_provision
vdobench_build_if_stale "$VDOBENCH_ROOT/reports/target/vdobench.jar" || exit 2

out="${VDOBENCH_GATE_OUT:-reports/out/gate-ab}"
rm -rf "$out"
mkdir -p "$out"
b_jar="$VDOBENCH_ROOT/bench/target/benchmarks.jar"
commit="$(git rev-parse --verify --quiet "$ref^{commit}")" || { vdobench_log "not a commit: $ref"; exit 2; }
base="$(mktemp -d /tmp/vdobench-ab.XXXXXX)"
trap 'git worktree remove --force "$base" >/dev/null 2>&1 || true; rm -rf "$base"' EXIT
git worktree add --detach --quiet "$base" "$commit"
vdobench_log "building A = $ref (${commit:0:12}) in $base"
mvn -B -q -Dstyle.color=never -f "$base/pom.xml" package -DskipTests -pl bench -am >"$out/base-build.log" 2>&1 \
    || { vdobench_log "A ($ref) does not build: see $out/base-build.log"; exit 2; }
a_jar="$base/bench/target/benchmarks.jar"

run() { # $1 = A or B, $2 = run name
    local jar="$a_jar"
    [ "$1" = B ] && jar="$b_jar"
    vdobench_gate_bench "$out/$2" "$jar" \
        || { vdobench_log "run $2 failed: see $out/$2-*.log"; exit 2; }
}
files() { # $1 = glob prefix, $2 = option: every JSON of those runs, each after the option
    local f
    for f in "$out"/$1*.json; do printf '%s\n%s\n' "$2" "$f"; done
}

start=$SECONDS
vdobench_ab_rounds run "" "$rounds"
mapfile -t args < <(files "A" --baseline; files "B" --current)
rc=0
./vdobench gate "${VDOBENCH_GATE_FLAGS[@]}" --min-samples $((2 * rounds)) "${args[@]}" \
    --md "$out/gate.md" --csv "$out/gate.csv" || rc=$?
if [ "$rc" -eq 1 ] || [ "$rc" -eq 3 ]; then
    # Rerun only what the first look flagged (REGRESSION or SUSPECT rows of gate.csv).
    codecs="$(vdobench_gate_flagged_codecs "$out/gate.csv")"
    pipeline="$(vdobench_gate_flagged_pipeline "$out/gate.csv")"
    if [ -z "$codecs" ] && [ "$pipeline" = 0 ]; then
        # Nothing to rerun: exit 1 came from a benchmark of A missing from B (MISSING), which no rerun mends.
        [ "$rc" -eq 1 ] || { vdobench_log "gate exit $rc but no flagged row in $out/gate.csv"; exit 2; }
        vdobench_log "A/B gate against $ref: exit 1 (a benchmark of A is missing from B: see $out/gate.md)"
        exit 1
    fi
    vdobench_log "A/B gate: first look flagged ${codecs:+CodecBench $codecs }$([ "$pipeline" = 1 ] && echo 'writeBlock ')-> $((2 * rounds)) fresh rounds of those decide"
    VDOBENCH_GATE_CODECS="$codecs" VDOBENCH_GATE_PIPELINE="$pipeline" vdobench_ab_rounds run "confirm-" $((2 * rounds))
    mapfile -t cargs < <(files "confirm-A" --confirm-baseline; files "confirm-B" --confirm)
    rc=0
    ./vdobench gate "${VDOBENCH_GATE_FLAGS[@]}" --min-samples $((2 * rounds)) "${args[@]}" "${cargs[@]}" \
        --md "$out/gate.md" --csv "$out/gate.csv" || rc=$?
fi
vdobench_log "A/B gate against $ref: exit $rc, $((SECONDS - start)) s of benchmarks (tables and runs in $out)"
exit "$rc"
