#!/usr/bin/env bash
# Evidence that dm-vdo's default threads bound write bandwidth by one cpu thread (issue #16, (b)):
# the pipeline matrix's write cases with --execution threads, once with cpu=1 (dm-vdo's default)
# and once with cpu=2, policies lz4 and iaa (libqpl's software path without IAA hardware), 1/8/16
# jobs; then the table of write bandwidth next to 4096 B / (cpu-thread time per data_vio), both
# measured in the same run (io.vdobench.report.matrix.CpuBound). With cpu 1 the ratio should stay
# within +-10 % at 8 and 16 jobs; with cpu 2 it grows (up to 2) where a second core is free.
#
# Usage: scripts/cpu-bound.sh [--profile quick|full] [--sizes 4k[,...]] [--patterns write[,randwrite]]
#                             [--out DIR] [any further run-matrix.sh option, e.g. --iteration-ms 300]
#   default: --profile quick --sizes 4k --patterns write --out reports/out/cpu-bound-<UTC stamp>
#   quick: 2 runs x 3 jobs x 2 policies = 12 JMH runs of about 6 s each (~1.5 min, 2-core host);
#   full: the patch's 30 s + 60 s per case (~20 min). Only the matrix runs (--matrix-only): the report's codec,
#   fragment and conformance sections say nothing about the bound (in full they took over 7 min per run).
# Writes DIR/cpu1/ and DIR/cpu2/ (run directories with index.html), DIR/cpu-bound.txt and DIR/cpu-bound.csv.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
cd "$VDOBENCH_ROOT"
PROFILE=quick
SIZES=4k
PATTERNS=write
OUT=""
EXTRA=()
while [ $# -gt 0 ]; do
    case "$1" in
        --profile) PROFILE="${2:?--profile needs a value}"; shift 2 ;;
        --sizes) SIZES="${2:?--sizes needs a value}"; shift 2 ;;
        --patterns) PATTERNS="${2:?--patterns needs a value}"; shift 2 ;;
        --out) OUT="${2:?--out needs a value}"; shift 2 ;;
        -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) EXTRA+=("$1"); shift ;;
    esac
done
OUT="${OUT:-reports/out/cpu-bound-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
START=$(date +%s)
for cpu in 1 2; do
    ./run-matrix.sh --profile "$PROFILE" --policies lz4,iaa --patterns "$PATTERNS" --sizes "$SIZES" --jobs 1,8,16 \
        --execution threads --vdo-threads "cpu=$cpu" --matrix-only --out "$OUT/cpu$cpu" "${EXTRA[@]}"
done
vdobench_find_jdk || exit 2
"$JAVA_HOME/bin/java" -cp reports/target/vdobench.jar io.vdobench.report.matrix.CpuBound "$OUT/cpu1" "$OUT/cpu2" \
    --csv "$OUT/cpu-bound.csv" | tee "$OUT/cpu-bound.txt"
echo "cpu-bound: $(( $(date +%s) - START )) s; $OUT/cpu-bound.txt"
