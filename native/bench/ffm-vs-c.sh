#!/usr/bin/env bash
# FFM/C throughput ratios: the C reference bench (cbench) and JMH CodecBench on the same corpus (CodecBench's
# 4 MiB of distinct FIO60 blocks) and the same libraries, in K rounds interleaved C J J C / J C C J ... Each JVM
# pass is paired with the C pass run next to it, so drift of the shared machine hits both sides of a pair; every
# cell gets the geometric mean of its K*2 pair ratios, a 95 % t interval over the pairs, and whether it is at
# least 0.95 of C with confidence, below it, or cannot be told (io.vdobench.bench.FfmVsC --pairs).
#   native/bench/ffm-vs-c.sh [--rounds K] [OUT_DIR]   (K default 3: 6 pairs; OUT_DIR default native/target/ffm-vs-c)
# Environment: SIZES (default "4096 65536"), CODECS (codec ids, space-separated; default below),
# JMH_TIMES (default "-wi 3 -w 500ms -i 5 -r 500ms"), C_TIMES (cbench, default "-w 0.5 -t 0.5 -i 5").
set -euo pipefail
rounds=3
if [ "${1:-}" = "--rounds" ]; then
  rounds="${2:-}"
  shift 2 || true
fi
[[ "$rounds" =~ ^[1-9][0-9]?$ ]] && [ $# -le 1 ] \
  || { echo "usage: native/bench/ffm-vs-c.sh [--rounds K (1-99)] [OUT_DIR]" >&2; exit 2; }
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$root"
# shellcheck source=../../scripts/lib.sh
source scripts/lib.sh
vdobench_find_jdk || exit 2
vdobench_ensure_maven || exit 2
vdobench_provision
vdobench_mvn package -DskipTests -q
bash native/bench/build.sh >/dev/null

out="${1:-native/target/ffm-vs-c}"
mkdir -p "$out"
sizes="${SIZES:-4096 65536}"
codecs="${CODECS:-lz4:impl=ffm lz4:impl=jni lz4:impl=java isal:level=1 libdeflate:level=1 libdeflate:level=6 zlib:impl=ffm,window=4k,level=6 qpl:path=software,huffman=fixed,level=default,verify=on qpl:path=software,huffman=dynamic,level=default,verify=on}"
java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED "-Dvdobench.native.dir=$root/native/target/lib")
jar=bench/target/benchmarks.jar
cpeers="lz4,isal:1,libdeflate:1,libdeflate:6,zlib4k:6,qpl-sw:fixed,qpl-sw:dynamic"
# JMH spelling of the ids (CodecIds.toJmh: ':' for '=', '/' for ',' after the name), comma-joined for one -p.
jmh_ids=""
for id in $codecs; do
  rest="${id#*:}"; rest="${rest//=/:}"; rest="${rest//,//}"
  jmh_ids="${jmh_ids:+$jmh_ids,}${id%%:*}:$rest"
done

read -r -a jmh_times <<< "${JMH_TIMES:--wi 3 -w 500ms -i 5 -r 500ms}"
read -r -a c_times <<< "${C_TIMES:--w 0.5 -t 0.5 -i 5}"
cpass() { # $1 = pass name
  local bs
  for bs in $sizes; do
    native/target/bench/cbench -b "$bs" -n "$(cat "$out/blocks-$bs")" -c "$cpeers" "${c_times[@]}" \
      "$out/corpus-$bs.bin" 2>>"$out/cbench.log" > "$out/$1-$bs.csv"
  done
}
jpass() { # $1 = pass name
  vdobench_jmh "$out/$1.log" 'CodecBench\.(compress|decompress)$' -p codec="$jmh_ids" -p blockSize="${sizes// /,}" \
    -f 1 "${jmh_times[@]}" -rf json -rff "$out/$1.json"
  [ -s "$out/$1.json" ] || { vdobench_log "JMH did not run (lock never released?): see $out/$1.log"; exit 1; }
}
for bs in $sizes; do
  "${java[@]}" -cp "$jar" io.vdobench.bench.CodecCorpus FIO60 "$bs" 4194304 "$out/corpus-$bs.bin" > "$out/blocks-$bs"
done
rm -f "$out"/c-r*.csv "$out"/j-r*.json
# Pair names: j-r<r>-<i> ran next to c-r<r>-<i>.
pass=0
step() { # $1 = C or J, $2 = round, $3 = index in the round
  pass=$((pass + 1))
  vdobench_log "pass $pass/$((4 * rounds)): $([ "$1" = C ] && echo "C reference bench" || echo "JMH CodecBench") (round $2)"
  if [ "$1" = C ]; then cpass "c-r$2-$3"; else jpass "j-r$2-$3"; fi
}
start=$SECONDS
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) -eq 1 ]; then
    step C "$r" 1; step J "$r" 1; step J "$r" 2; step C "$r" 2
  else
    step J "$r" 1; step C "$r" 1; step C "$r" 2; step J "$r" 2
  fi
done
pairs=()
for r in $(seq 1 "$rounds"); do
  for i in 1 2; do
    csvs=""
    for bs in $sizes; do csvs="${csvs:+$csvs,}$out/c-r$r-$i-$bs.csv"; done
    pairs+=("$out/j-r$r-$i.json" "$csvs")
  done
done
"${java[@]}" -cp "$jar" io.vdobench.bench.FfmVsC --pairs "${pairs[@]}" | tee "$out/ratios.md"
vdobench_log "$((4 * rounds)) passes in $((SECONDS - start)) s; raw data in $out (j-r*.json, c-r*-*.csv, cbench.log)"
