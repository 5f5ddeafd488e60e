#!/usr/bin/env bash
# scripts/report-sections.sh PROFILE DIR: measures the report's sections other than the matrix into the run
# directory DIR, sized to the profile (smoke|quick|full; settle as full), each with the existing producer:
#   codec-bench.csv  CodecBenchMain (bench), every available codec
#   fragments.csv    vdobench report --sample-fragments N --no-html
#   conformance.csv, hostile.csv   the conformance suite's producing tests, through Maven
# and records for each what it ran, the command, its wall time and its status in DIR/sections.properties
# (reports/SCHEMA.md), which the page shows under each section. run-matrix.sh calls it after the matrix.
# A section that fails is recorded as failed with its log file; the others still run. Exit 0.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
[ $# -eq 2 ] || { echo "usage: scripts/report-sections.sh smoke|quick|full|settle DIR" >&2; exit 2; }
PROFILE="$1"
OUT="$2"
case "$PROFILE" in smoke|quick|full|settle) ;; *) echo "report-sections: profile '$PROFILE': use smoke, quick, full or settle" >&2; exit 2 ;; esac
[ -d "$OUT" ] || { echo "report-sections: $OUT is not a directory" >&2; exit 2; }
ROOT="$VDOBENCH_ROOT"
vdobench_find_jdk || exit 2
JAVA="$JAVA_HOME/bin/java"
JFLAGS=(--enable-native-access=ALL-UNNAMED "-Dvdobench.native.dir=$VDOBENCH_NATIVE_DIR")
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
CLI_JAR="$ROOT/reports/target/vdobench.jar"
PROPS="$OUT/sections.properties"
: > "$PROPS"

case "$PROFILE" in
    smoke)
        CODEC_JMH=(-f 0 -wi 1 -w 50ms -i 3 -r 50ms -p corpusBytes=1048576)
        CODEC_SIZES=4096,65536
        CODEC_RAN="in-process JMH (-f 0), 1 x 50 ms warm-up + 3 x 50 ms, 1 MiB corpus: a smoke look, not a measurement"
        FRAGMENTS=512; FUZZ=2000; FUZZ_BLOCKS=500 ;;
    quick)
        CODEC_JMH=(-f 0 -wi 1 -w 100ms -i 3 -r 100ms)
        CODEC_SIZES=4096,65536
        CODEC_RAN="in-process JMH (-f 0), 1 x 100 ms warm-up + 3 x 100 ms: a first look, not a measurement"
        FRAGMENTS=2048; FUZZ=20000; FUZZ_BLOCKS=4000 ;;
    full|settle)
        CODEC_JMH=(--profile quick)
        CODEC_SIZES=4096,8192,16384,32768,65536,131072
        CODEC_RAN="CodecBenchMain's quick profile: one fork per codec, 2 x 500 ms warm-up + 5 x 500 ms"
        FRAGMENTS=8192; FUZZ=100000; FUZZ_BLOCKS=20000 ;;
esac

# record NAME SECONDS STATUS COMMAND RAN: one section's facts (Java properties; values need no escaping here).
record() {
    {
        printf '%s.seconds=%s\n' "$1" "$2"
        printf '%s.status=%s\n' "$1" "$3"
        printf '%s.command=%s\n' "$1" "$4"
        printf '%s.ran=%s\n' "$1" "$5"
    } >> "$PROPS"
}

# timed NAME LOG CMD...: runs CMD with output to LOG; sets SECONDS_TAKEN and STATUS.
timed() {
    local name="$1" log="$2" t0 rc=0
    shift 2
    t0=$(date +%s)
    "$@" > "$log" 2>&1 || rc=$?
    SECONDS_TAKEN=$(( $(date +%s) - t0 ))
    if [ "$rc" -eq 0 ]; then
        STATUS=ok
    else
        STATUS="failed (exit $rc): see $(basename "$log")"
        echo "report-sections: $name failed (exit $rc), see $log" >&2
    fi
}

TOTAL0=$(date +%s)

# --- codec bench --------------------------------------------------------------------------------------
echo "report-sections: codec bench ($PROFILE) -> $OUT/codec-bench.csv" >&2
CODECS="$("$JAVA" "${JFLAGS[@]}" -cp "$BENCH_JAR" io.vdobench.bench.CodecIds)"
N_CODECS=$(tr ',' '\n' <<< "$CODECS" | grep -c .)
timed "codec bench" "$OUT/codec-bench.log" "$JAVA" "${JFLAGS[@]}" -cp "$BENCH_JAR" io.vdobench.bench.CodecBenchMain \
    "${CODEC_JMH[@]}" --summary "$OUT/codec-bench.csv" -p "codec=$CODECS" -p "blockSize=$CODEC_SIZES" -p data=FIO60 \
    -rf json -rff "$OUT/codec-bench.json"
record codec-bench "$SECONDS_TAKEN" "$STATUS" \
    "java -cp bench/target/benchmarks.jar io.vdobench.bench.CodecBenchMain ${CODEC_JMH[*]} --summary codec-bench.csv -p codec=<the $N_CODECS available ids> -p blockSize=$CODEC_SIZES -p data=FIO60" \
    "$N_CODECS available codecs x block sizes $CODEC_SIZES x compress/decompress, fio 60 % data; $CODEC_RAN"

# --- fragment sizes -------------------------------------------------------------------------------------
echo "report-sections: fragment sizes ($FRAGMENTS blocks per codec) -> $OUT/fragments.csv" >&2
rm -f "$OUT/fragments.csv"
timed "fragment sample" "$OUT/fragments.log" "$JAVA" "${JFLAGS[@]}" -cp "$CLI_JAR" io.vdobench.cli.Main report \
    --sample-fragments "$FRAGMENTS" --no-html "$OUT"
record fragments "$SECONDS_TAKEN" "$STATUS" "vdobench report --sample-fragments $FRAGMENTS --no-html DIR" \
    "$FRAGMENTS blocks of fio 60 % data through every available codec (4059-byte limit, as dm-vdo compresses)"

# --- conformance and hostile inputs ------------------------------------------------------------------------
echo "report-sections: conformance suite ($FUZZ hostile fragments + $FUZZ_BLOCKS packed blocks) -> $OUT/conformance.csv" >&2
TESTS=CrossDecompressionMatrixTest,Lz4CrossLibraryTest,IaaWindowTest,HostileInputFuzzTest
CONF_DIR="$OUT/conformance"
rm -rf "$CONF_DIR"
mkdir -p "$CONF_DIR"
if vdobench_ensure_maven 2>"$OUT/conformance.log"; then
    timed "conformance suite" "$OUT/conformance.log" vdobench_mvn -q -pl conformance -am test -Dtest="$TESTS" \
        -Dsurefire.failIfNoSpecifiedTests=false -Dvdobench.fuzz.cases="$FUZZ" -Dvdobench.fuzz.blockCases="$FUZZ_BLOCKS" \
        "-Dvdobench.conformance.out=$(readlink -f "$CONF_DIR")"
    # Failing tests still write their rows (the page shows what failed), so copy whatever was written.
    for f in conformance.csv hostile.csv; do
        [ -f "$CONF_DIR/$f" ] && cp "$CONF_DIR/$f" "$OUT/$f"
    done
    [ "$STATUS" = ok ] || STATUS="${STATUS/failed/some tests failed or did not run}"
else
    SECONDS_TAKEN=0
    STATUS="not run: Maven is missing (apt-get install maven)"
fi
CMD="mvn -pl conformance -am test -Dtest=$TESTS -Dvdobench.fuzz.cases=$FUZZ -Dvdobench.fuzz.blockCases=$FUZZ_BLOCKS"
record conformance "$SECONDS_TAKEN" "$STATUS" "$CMD" \
    "the suite's DEFLATE producer x consumer matrix, LZ4 cross-library and 4 KiB window checks on its whole corpus"
record hostile "$SECONDS_TAKEN" "$STATUS" "$CMD" \
    "$FUZZ hostile raw fragments over 8 decoders x 12 mutations + $FUZZ_BLOCKS damaged packed blocks (the suite's default: 100 000 + 20 000), in the conformance section's Maven run"

echo "report-sections: sections took $(( $(date +%s) - TOTAL0 )) s" >&2
