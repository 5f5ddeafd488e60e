#!/usr/bin/env bash
# Paired A/B speed gate on one host: builds REF (the base) in a separate git worktree, then runs the
# smoke benches of base (A) and of this checkout (B) interleaved A B B A, pools A1+A2 against B1+B2,
# and gates them (Mann-Whitney U + effect floor; a regression must show in the pooled runs). ABBA
# cancels drift of the machine during the run, which a committed baseline cannot.
#   scripts/gate-ab.sh REF      e.g. scripts/gate-ab.sh origin/main  or  scripts/gate-ab.sh HEAD~1
# Exit: 0 no regression, 1 regression, 2 unusable (REF does not build or lacks the benches).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
cd "$VDOBENCH_ROOT"
[ $# -eq 1 ] || { echo "usage: scripts/gate-ab.sh REF" >&2; exit 2; }
ref="$1"
vdobench_find_jdk || exit 2
vdobench_ensure_maven || exit 2
vdobench_provision
vdobench_build_if_stale "$VDOBENCH_ROOT/reports/target/vdobench.jar"
git rev-parse --verify --quiet "$ref^{commit}" >/dev/null || { vdobench_log "not a commit: $ref"; exit 2; }

out="${VDOBENCH_GATE_OUT:-reports/out/gate-ab}"
mkdir -p "$out"
base="$(mktemp -d /tmp/vdobench-ab.XXXXXX)"
trap 'git worktree remove --force "$base" >/dev/null 2>&1 || true; rm -rf "$base"' EXIT
git worktree add --detach --quiet "$base" "$ref"
vdobench_log "building base $ref ($(git rev-parse --short "$ref")) in $base"
mvn -B -q -Dstyle.color=never -f "$base/pom.xml" package -DskipTests -pl bench -am >"$out/base-build.log" 2>&1 \
    || { vdobench_log "base $ref does not build: see $out/base-build.log"; exit 2; }
args=('CalibrationBench|CodecBench\.(compress|decompress)$'
      -p codec=lz4:impl:ffm,qpl:path:software/huffman:fixed/level:default/verify:on -p blockSize=4096
      -f 1 -wi 2 -w 500ms -i 10 -r 500ms)
run() { # $1 = name, $2 = benchmarks jar
    VDOBENCH_JMH_JAR="$2" vdobench_jmh "$out/$1.log" "${args[@]}" -rf json -rff "$out/$1.json" \
        || { vdobench_log "$1 failed: see $out/$1.log"; exit 2; }
}
run A1 "$base/bench/target/benchmarks.jar"
run B1 "$VDOBENCH_ROOT/bench/target/benchmarks.jar"
run B2 "$VDOBENCH_ROOT/bench/target/benchmarks.jar"
run A2 "$base/bench/target/benchmarks.jar"
rc=0
./vdobench gate --baseline "$out/A1.json" --baseline "$out/A2.json" --current "$out/B1.json" --current "$out/B2.json" \
    --md "$out/gate.md" --csv "$out/gate.csv" || rc=$?
vdobench_log "A/B gate against $ref: exit $rc (tables in $out)"
exit "$rc"
