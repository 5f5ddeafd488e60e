#!/usr/bin/env bash
# The main job. For now a short, real placeholder: the codec benchmark (JMH CodecBench) in its
# quick profile. The 72-case pipeline matrix (write/read/randwrite/randread x 4K..128K x 1/8/16
# jobs, LZ4 vs IAA policies) replaces it when the matrix issue lands.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/scripts/lib.sh"

usage() {
    cat <<'USAGE'
Usage: ./run-matrix.sh [--codecs IDS] [--sizes LIST] [--data KIND] [--profile quick|standard] [--out DIR]

What it does now (placeholder until the matrix issue lands):
  1. finds a JDK >= 22, provisions native libraries (native/provision.sh), builds what is missing;
  2. records the backends found (vdobench codecs --json) and runs the JMH CodecBench, compress and
     decompress, over every available codec at 4 KiB and 64 KiB blocks of fio-style 60 %-compressible
     data, in the quick profile (1 fork, 2 x 0.5 s warm-up, 5 x 0.5 s measurement per benchmark);
  3. writes reports/out/<UTC timestamp>/: codecs.json, codec-bench.json (raw JMH JSON),
     codec-summary.csv (MB/s and ratio per codec and block size) and codec-bench.log.

The 72-case comparison of the patch (write/read/randwrite/randread x 4K..128K x 1/8/16 jobs,
LZ4 vs IAA-enabled policy, with its summary table) comes with the matrix issue; this script will
then run it by default.

Options:
  --codecs IDS      comma-separated codec ids in JMH spelling, e.g. lz4:impl:jni,zlib:impl:jdk/level:6
                    (list them: java -cp bench/target/benchmarks.jar io.vdobench.bench.CodecIds);
                    default: every available codec
  --sizes LIST      block sizes in bytes, comma-separated, 4096..131072 (default 4096,65536)
  --data KIND       data kind: FIO60 (default), FIO10, FIO30, FIO90, ZEROS, TEXT, RUNS, RANDOM, ...
  --profile P       quick (default) or standard (the iteration counts annotated on CodecBench)
  --out DIR         output directory (default reports/out/<UTC timestamp>)
  -h, --help        this text
USAGE
}

codecs="" sizes="4096,65536" data="FIO60" profile="quick" out=""
while [ $# -gt 0 ]; do
    case "$1" in
        --codecs) codecs="${2:?--codecs needs a value}"; shift 2 ;;
        --sizes) sizes="${2:?--sizes needs a value}"; shift 2 ;;
        --data) data="${2:?--data needs a value}"; shift 2 ;;
        --profile) profile="${2:?--profile needs a value}"; shift 2 ;;
        --out) out="${2:?--out needs a value}"; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "run-matrix.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done

vdobench_find_jdk || exit 2
vdobench_provision
bench_jar="$VDOBENCH_ROOT/bench/target/benchmarks.jar"
vdobench_build_if_stale "$VDOBENCH_ROOT/reports/target/vdobench.jar" "$bench_jar" || exit $?

out="${out:-$VDOBENCH_ROOT/reports/out/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
java_opts=(--enable-native-access=ALL-UNNAMED "-Dvdobench.native.dir=$VDOBENCH_NATIVE_DIR")

"$VDOBENCH_ROOT/vdobench" codecs --json >"$out/codecs.json"
"$VDOBENCH_ROOT/vdobench" codecs >&2

if [ -z "$codecs" ]; then
    codecs="$("$JAVA_HOME/bin/java" "${java_opts[@]}" -cp "$bench_jar" io.vdobench.bench.CodecIds)"
fi
if [ -z "$codecs" ]; then
    echo "run-matrix.sh: no codec is available to benchmark" >&2
    exit 1
fi
IFS=, read -r -a codec_list <<<"$codecs"
IFS=, read -r -a size_list <<<"$sizes"
runs=$((${#codec_list[@]} * ${#size_list[@]} * 2))
# Seconds per benchmark seen here: about 5 in the quick profile (3.5 s of iterations, plus the
# fork, the codec's initialisation and the corpus round trip), about 18 in the standard one.
per_run=$([ "$profile" = quick ] && echo 5 || echo 18)
echo "run-matrix: ${#codec_list[@]} codecs x ${#size_list[@]} block sizes x compress/decompress = $runs benchmarks," \
    "about $(((runs * per_run + 59) / 60)) min ($profile profile)" >&2

jmh_args=(--profile "$profile" --summary "$out/codec-summary.csv"
    -p "codec=$codecs" -p "blockSize=$sizes" -p "data=$data" -rf json -rff "$out/codec-bench.json")
start=$(date +%s)
rc=0
"$JAVA_HOME/bin/java" "${java_opts[@]}" -cp "$bench_jar" io.vdobench.bench.CodecBenchMain "${jmh_args[@]}" \
    2>&1 | tee "$out/codec-bench.log" || rc=$?
elapsed=$(($(date +%s) - start))
echo
echo "codec benchmark finished in ${elapsed} s (exit $rc). Results in $out:"
ls -1 "$out" | sed 's/^/  /'
exit "$rc"
