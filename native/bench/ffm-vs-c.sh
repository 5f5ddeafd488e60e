#!/usr/bin/env bash
# FFM/C throughput ratios in one run: the C reference bench (cbench), then JMH CodecBench, then cbench
# again, on the same corpus (CodecBench's 4 MiB of distinct FIO60 blocks) and the same libraries. The C
# figure is the mean of the two passes around the JMH run, which cancels slow drift of a shared machine.
#   native/bench/ffm-vs-c.sh [OUT_DIR]      (default native/target/ffm-vs-c; prints the markdown table)
# Environment: SIZES (default "4096 65536"), CODECS (codec ids, space-separated; default below).
set -euo pipefail
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

cpass() { # $1 = pass number
  for bs in $sizes; do
    native/target/bench/cbench -b "$bs" -n "$(cat "$out/blocks-$bs")" -c "$cpeers" -w 0.5 -t 0.5 -i 5 \
      "$out/corpus-$bs.bin" 2>>"$out/cbench.log" > "$out/c$1-$bs.csv"
  done
}
for bs in $sizes; do
  "${java[@]}" -cp "$jar" io.vdobench.bench.CodecCorpus FIO60 "$bs" 4194304 "$out/corpus-$bs.bin" > "$out/blocks-$bs"
done
vdobench_log "pass 1/3: C reference bench"
cpass 1
vdobench_log "pass 2/3: JMH CodecBench"
vdobench_jmh "$out/jmh.log" 'CodecBench\.(compress|decompress)$' -p codec="$jmh_ids" -p blockSize="${sizes// /,}" \
  -f 1 -wi 3 -w 500ms -i 5 -r 500ms -rf json -rff "$out/jmh.json"
[ -s "$out/jmh.json" ] || { vdobench_log "JMH did not run (lock never released?): see $out/jmh.log"; exit 1; }
vdobench_log "pass 3/3: C reference bench again"
cpass 3
c_csvs=()
for bs in $sizes; do c_csvs+=("$out/c1-$bs.csv" "$out/c3-$bs.csv"); done
"${java[@]}" -cp "$jar" io.vdobench.bench.FfmVsC "$out/jmh.json" "${c_csvs[@]}" | tee "$out/ratios.md"
vdobench_log "raw data in $out (jmh.json, c1-*.csv, c3-*.csv, cbench.log)"
