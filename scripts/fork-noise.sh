#!/usr/bin/env bash
# Where PipelineBench's fork-to-fork noise comes from (issue 14, part 5): the same case (sequential
# 4 KiB writes, lz4) in 6 forks under five settings, one after the other, and per setting the spread
# of the fork means (between-fork CV: what a settle comparison's pairs see) and of the iterations
# inside a fork (within-fork CV):
#   inline  1 job  settle timing (1 s warm-up + 3 x 0.7 s): every step on the job's thread
#   threads 1 job  settle timing: dm-vdo's default threads, every write handed across ~5 queues
#   threads 1 job  5 warm-up iterations     (is it JIT / warm-up?)
#   threads 1 job  10 measurement iterations (does a longer fork average it away?)
#   threads 8 jobs settle timing             (do busier queues steady it?)
# About 3 minutes on the 2-core host; run it on an otherwise idle machine.
#
# Usage: scripts/fork-noise.sh [--out DIR]   (default reports/out/fork-noise-<UTC stamp>)
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
cd "$VDOBENCH_ROOT"
OUT=""
while [ $# -gt 0 ]; do
    case "$1" in
        --out) OUT="${2:?--out needs a value}"; shift 2 ;;
        -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "fork-noise: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
OUT="${OUT:-reports/out/fork-noise-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
vdobench_find_jdk || exit 2
vdobench_provision
vdobench_build_if_stale "$VDOBENCH_ROOT/bench/target/benchmarks.jar" || exit 2 # never measure a stale jar
run() { # name, JMH options
    local name=$1
    shift
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dvdobench.native.dir="$PWD/native/target/lib" \
        -jar bench/target/benchmarks.jar PipelineBench -p pattern=write -p blockSize=4096 -p policy=lz4 \
        -p regionMiB=64 "$@" -rf json -rff "$OUT/$name.json" > "$OUT/$name.log" 2>&1
}
START=$(date +%s)
run inline-1job        -p execution=inline  -t 1 -f 6 -wi 1 -w 1s -i 3 -r 700ms
run threads-1job       -p execution=threads -t 1 -f 6 -wi 1 -w 1s -i 3 -r 700ms
run threads-1job-wi5   -p execution=threads -t 1 -f 6 -wi 5 -w 1s -i 3 -r 700ms
run threads-1job-i10   -p execution=threads -t 1 -f 6 -wi 1 -w 1s -i 10 -r 700ms
run threads-8jobs      -p execution=threads -t 8 -f 6 -wi 1 -w 1s -i 3 -r 700ms
python3 - "$OUT" <<'PY' | tee "$OUT/fork-noise.txt"
import json, statistics as st, sys
out = sys.argv[1]
print(f"{'setting':18s} {'forks':>5s} {'mean ops/s':>11s} {'between-fork CV':>16s} {'within-fork CV':>15s}  fork means")
for name in ["inline-1job", "threads-1job", "threads-1job-wi5", "threads-1job-i10", "threads-8jobs"]:
    raw = json.load(open(f"{out}/{name}.json"))[0]["primaryMetric"]["rawData"]
    means = [st.mean(r) for r in raw]
    within = st.mean(st.stdev(r) / st.mean(r) for r in raw)
    m = st.mean(means)
    print(f"{name:18s} {len(means):5d} {m:11.0f} {100 * st.stdev(means) / m:15.1f}% {100 * within:14.1f}%  "
          + " ".join(f"{x:.0f}" for x in means))
PY
echo "fork-noise: $(( $(date +%s) - START )) s; $OUT/fork-noise.txt"
