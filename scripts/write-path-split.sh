#!/usr/bin/env bash
# Where the inline write path's CPU goes, commit against commit, in a measure the host's speed drift cancels out
# of (issue 16 (c): the write-path efficiency). For each REF, its bench jar is built in a temporary worktree; then
# WritePathCostBench.writeBlock runs at the cache footprint (metadata off where the build has that parameter: the
# path's own work) under `perf record -e cpu-clock`, RUNS times per REF, interleaved (REF1 REF2 ..., then the
# reverse order). Of the benchmark thread's samples in the measured part of a run (its last 60 %), LZ4's compress
# (liblz4) is one share and everything else (copy and MurmurHash3, the data_vio's steps, locks, the packer, the
# device copy) the other. other/LZ4 is the path's own CPU per block in units of one LZ4 compress of the same
# block: both shares come from the same thread in the same seconds, so a host that slows down moves both, while
# the efficiency's rates come from different forks. Here runs of one commit agree within about +-0.04.
#   scripts/write-path-split.sh [--runs N] [--out DIR] REF...     e.g. e312aed 5787522^ 5787522 HEAD
# Output: DIR/split.csv (one row per run) and DIR/summary.txt (median per REF). Needs perf (Debian's linux-perf,
# installed when missing) and an otherwise idle host; about 30 s per run.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
cd "$VDOBENCH_ROOT"
runs=3
out="reports/out/write-path-split-$(date -u +%Y%m%dT%H%M%SZ)"
refs=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="${2:-}"; shift 2 ;;
        --out) out="${2:-}"; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        -*) echo "unknown option: $1" >&2; exit 2 ;;
        *) refs+=("$1"); shift ;;
    esac
done
[ "${#refs[@]}" -ge 1 ] && [[ "$runs" =~ ^[1-9][0-9]?$ ]] \
    || { echo "usage: scripts/write-path-split.sh [--runs N (1-99)] [--out DIR] REF..." >&2; exit 2; }
commits=()
for ref in "${refs[@]}"; do
    c="$(git rev-parse --verify --quiet "$ref^{commit}")" || { vdobench_log "not a commit: $ref"; exit 2; }
    commits+=("$c")
done
perf="$(scripts/ensure-debian-package.sh linux-perf perf)" || { vdobench_log "perf is needed (Debian's linux-perf)"; exit 3; }
vdobench_find_jdk || exit 2
vdobench_provision
vdobench_ensure_maven || exit 2
mkdir -p "$out/jars"
tmp="$(mktemp -d /tmp/vdobench-split.XXXXXX)"
trap 'for w in "$tmp"/wt-*; do [ -d "$w" ] && git worktree remove --force "$w" >/dev/null 2>&1; done; rm -rf "$tmp"' EXIT

for i in "${!refs[@]}"; do
    ref="${refs[$i]}"
    c="${commits[$i]}"
    jar="$out/jars/${c:0:12}.jar"
    [ -f "$jar" ] && continue
    wt="$tmp/wt-${c:0:12}"
    git worktree add --detach --quiet "$wt" "$c"
    vdobench_log "building $ref (${c:0:12})"
    mvn -B -q -Dstyle.color=never -f "$wt/pom.xml" package -DskipTests -pl bench -am >"$out/build-${c:0:12}.log" 2>&1 \
        || { vdobench_log "$ref does not build: see $out/build-${c:0:12}.log"; exit 2; }
    cp "$wt/bench/target/benchmarks.jar" "$jar"
    git worktree remove --force "$wt"
done

one() { # $1 = ref, $2 = commit, $3 = run
    local jar="$out/jars/${2:0:12}.jar" name="${2:0:12}-$3" meta=()
    if "$JAVA_HOME/bin/java" -jar "$jar" -lp WritePathCostBench 2>/dev/null | grep -q 'metadata'; then
        meta=(-p metadata=off)
    fi
    local attempt
    for attempt in $(seq 1 120); do
        if "$perf" record -q -e cpu-clock -F 2999 -o "$tmp/$name.data" -- \
            "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED "-Dvdobench.native.dir=$VDOBENCH_NATIVE_DIR" -jar "$jar" \
            'WritePathCostBench\.writeBlock$' -p footprint=cache "${meta[@]}" -f 1 -wi 4 -w 1s -i 8 -r 1s \
            -jvmArgsAppend '-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit' \
            -rf json -rff "$out/$name.json" >"$out/$name.log" 2>&1; then
            break
        fi
        grep -q 'Unable to acquire the JMH lock' "$out/$name.log" \
            || { vdobench_log "run $name failed: see $out/$name.log"; exit 2; }
        [ "$attempt" -eq 120 ] && { vdobench_log "JMH lock never released: see $out/$name.log"; exit 2; }
        [ "$attempt" -eq 1 ] && vdobench_log "another JMH run holds /tmp/jmh.lock: waiting for it"
        sleep 15
    done
    # JMH's worker thread is named after the benchmark; the kernel keeps its first 15 characters
    "$perf" report -i "$tmp/$name.data" --no-children --comm io.vdobench.ben --sort symbol --stdio \
        --percent-limit 0 --time 40%-100% 2>/dev/null \
        | python3 -c '
import json, re, sys
ref, commit, run, js = sys.argv[1:5]
lz4 = other = 0.0
for line in sys.stdin:
    m = re.match(r"\s+([\d.]+)%\s+\[.\]\s+(.*)", line)
    if m:
        if "LZ4_" in m.group(2):
            lz4 += float(m.group(1))
        else:
            other += float(m.group(1))
if lz4 == 0:
    sys.exit("no LZ4 samples on the benchmark thread (perf or symbols missing)")
ops = json.load(open(js))[0]["primaryMetric"]["score"]
print(f"{ref},{commit[:12]},{run},{ops:.0f},{lz4:.2f},{other:.2f},{other / lz4:.4f}")
' "$1" "$2" "$3" "$out/$name.json" | tee -a "$out/split.csv"
    rm -f "$tmp/$name.data"
}

echo "ref,commit,run,ops_per_s,lz4_pct,other_pct,other_per_lz4" >"$out/split.csv"
n="${#refs[@]}"
for r in $(seq 1 "$runs"); do
    if [ $((r % 2)) -eq 1 ]; then order=$(seq 0 $((n - 1))); else order=$(seq $((n - 1)) -1 0); fi
    for i in $order; do one "${refs[$i]}" "${commits[$i]}" "$r"; done
done
python3 - "$out/split.csv" >"$out/summary.txt" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print("WritePathCostBench.writeBlock, cache footprint: benchmark-thread CPU samples, other / LZ4 (median of runs)")
seen = []
for r in rows:
    if r["ref"] not in seen:
        seen.append(r["ref"])
for ref in seen:
    v = [float(r["other_per_lz4"]) for r in rows if r["ref"] == ref]
    c = next(r["commit"] for r in rows if r["ref"] == ref)
    print(f"{ref:>12} {c}  {statistics.median(v):.3f}  (runs: {', '.join(f'{x:.3f}' for x in v)})")
EOF
cat "$out/summary.txt"
