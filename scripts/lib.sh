# shellcheck shell=bash
# Shared by ./vdobench, ./run-matrix.sh, ./run-tests.sh and .ci/run: source it, then call
#   vdobench_find_jdk        export JAVA_HOME (and PATH) for a JDK >= 22, or explain and return 2
#   vdobench_ensure_maven    make sure `mvn` exists (apt-get install maven when root), or return 2
#   vdobench_provision       run native/provision.sh once (when present); never fatal
#   vdobench_build_if_stale  `mvn package` when a given jar is missing or older than any source or pom
#   vdobench_mvn ARGS...     run Maven on the whole reactor in batch mode
#   vdobench_jmh LOG ARGS... run bench/target/benchmarks.jar, waiting while another JMH run holds its lock
#   vdobench_gate_bench PREFIX JAR [JMH ARGS...]  one run of the speed gate's benchmarks (one fork each)
#   vdobench_ab_rounds FN PREFIX K  K interleaved rounds (A B B A / B A A B) of FN SIDE NAME
#   vdobench_gate_flagged_codecs CSV / vdobench_gate_flagged_pipeline CSV  what a gate's first look flagged
# Every message goes to stderr, so commands like `./vdobench codecs --json > f.json` stay clean.

VDOBENCH_MIN_JAVA=22
VDOBENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VDOBENCH_NATIVE_DIR="$VDOBENCH_ROOT/native/target/lib"
# Written here after native/provision.sh succeeds; provisioning reruns when it is missing or older
# than the script (e.g. after `mvn clean`, which deletes native/target).
VDOBENCH_PROVISION_MARKER="$VDOBENCH_NATIVE_DIR/.provisioned"

vdobench_log() { printf 'vdobench: %s\n' "$*" >&2; }

# VDOBENCH_JVM_DIR (default /usr/lib/jvm) is where installed JDKs are looked for.

# Prints the feature version (e.g. 25, or 8 for "1.8.0_x") of the JDK at $1, or nothing.
# Reads the JDK's `release` file; falls back to asking its java binary.
vdobench_java_major() {
    local home="$1" v=""
    [ -x "$home/bin/java" ] || return 0
    if [ -r "$home/release" ]; then
        v="$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$home/release" | head -n 1)"
    fi
    if [ -z "$v" ]; then
        v="$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
            | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)"
    fi
    [ -n "$v" ] || return 0
    case "$v" in
        1.*) v="${v#1.}" ;;
    esac
    v="${v%%[!0-9]*}"
    [ -n "$v" ] && printf '%s\n' "$v"
}

# True when $1 is a full JDK (java and javac) of at least VDOBENCH_MIN_JAVA.
vdobench_jdk_ok() {
    local major
    [ -x "$1/bin/javac" ] || return 1
    major="$(vdobench_java_major "$1")"
    [ -n "$major" ] && [ "$major" -ge "$VDOBENCH_MIN_JAVA" ]
}

vdobench_find_jdk() {
    local best="" best_major=0 seen="" home major
    if [ -n "${JAVA_HOME:-}" ]; then
        if vdobench_jdk_ok "$JAVA_HOME"; then
            best="$JAVA_HOME"
        else
            seen="$seen  JAVA_HOME=$JAVA_HOME (Java $(vdobench_java_major "$JAVA_HOME"): too old or not a JDK, ignored)"$'\n'
        fi
    fi
    if [ -z "$best" ]; then
        # The newest JDK under /usr/lib/jvm, then whatever javac is on PATH.
        local candidates=() javac_path
        for home in ${VDOBENCH_JVM_DIR:-/usr/lib/jvm}/*; do
            [ -d "$home" ] && candidates+=("$home")
        done
        if javac_path="$(command -v javac 2>/dev/null)"; then
            javac_path="$(readlink -f "$javac_path")"
            candidates+=("${javac_path%/bin/javac}")
        fi
        for home in "${candidates[@]}"; do
            major="$(vdobench_java_major "$home")"
            [ -n "$major" ] || continue
            if [ -x "$home/bin/javac" ] && [ "$major" -ge "$VDOBENCH_MIN_JAVA" ] && [ "$major" -gt "$best_major" ]; then
                best="$home"
                best_major="$major"
            else
                seen="$seen  $home (Java $major)"$'\n'
            fi
        done
    fi
    if [ -z "$best" ]; then
        {
            echo "vdobench: no JDK >= $VDOBENCH_MIN_JAVA found (the FFM API vdobench uses is final from Java 22)."
            [ -n "$seen" ] && printf 'Looked at:\n%s' "$seen"
            echo "Install a JDK >= $VDOBENCH_MIN_JAVA, e.g. Temurin 25 or OpenJDK 25, and set JAVA_HOME to it:"
            local pkg
            for pkg in openjdk-25-jdk-headless openjdk-24-jdk-headless openjdk-23-jdk-headless openjdk-22-jdk-headless; do
                if apt-cache policy "$pkg" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
                    echo "  apt-get install $pkg      # this machine's apt sources offer it"
                    break
                fi
            done
            echo "  export JAVA_HOME=/usr/lib/jvm/<that-jdk>"
            echo "then run the command again (a JDK under /usr/lib/jvm is also found without JAVA_HOME)."
        } >&2
        return 2
    fi
    export JAVA_HOME="$best"
    export PATH="$JAVA_HOME/bin:$PATH"
    # Maven's bundled Guava calls sun.misc.Unsafe, which JDK 24+ warns about on every run.
    if [ "$(vdobench_java_major "$JAVA_HOME")" -ge 24 ]; then
        case " ${MAVEN_OPTS:-} " in
            *sun-misc-unsafe-memory-access*) ;;
            *) export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow" ;;
        esac
    fi
}

vdobench_ensure_maven() {
    command -v mvn >/dev/null 2>&1 && return 0
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        vdobench_log "Maven not found: installing Debian's maven package"
        # DPkg::Lock::Timeout waits for another apt/dpkg run instead of failing at once.
        if ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q maven >&2; then
            DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -q >&2 &&
                DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q maven >&2 || true
        fi
        command -v mvn >/dev/null 2>&1 && return 0
    fi
    vdobench_log "Maven (mvn) is needed to build vdobench: install it (as root: apt-get install maven) and retry."
    return 2
}

vdobench_mvn() {
    mvn -B -Dstyle.color=never -f "$VDOBENCH_ROOT/pom.xml" "$@"
}

vdobench_provision() {
    local script="$VDOBENCH_ROOT/native/provision.sh" rc=0
    if [ ! -f "$script" ]; then
        return 0 # not in this checkout yet: native backends report themselves unavailable
    fi
    if [ -f "$VDOBENCH_PROVISION_MARKER" ] && [ ! "$script" -nt "$VDOBENCH_PROVISION_MARKER" ]; then
        return 0
    fi
    vdobench_log "provisioning native libraries (native/provision.sh)"
    bash "$script" >&2 || rc=$?
    if [ "$rc" -eq 0 ]; then
        mkdir -p "$VDOBENCH_NATIVE_DIR"
        date -u +%Y-%m-%dT%H:%M:%SZ >"$VDOBENCH_PROVISION_MARKER"
    else
        vdobench_log "native/provision.sh failed (exit $rc): backends whose library is missing will report" \
            "themselves unavailable; continuing"
    fi
    return 0
}

# True (0) when any of the given files is missing or older than a pom.xml or a file under a
# module's src/main (tests do not go into the jars).
vdobench_is_stale() {
    local jar newer
    for jar in "$@"; do
        [ -f "$jar" ] || return 0
        newer="$(find "$VDOBENCH_ROOT/pom.xml" "$VDOBENCH_ROOT"/*/pom.xml "$VDOBENCH_ROOT"/*/src/main \
            -newer "$jar" -type f -print -quit 2>/dev/null)"
        [ -z "$newer" ] || return 0
    done
    return 1
}

# Builds every module's jars (tests skipped) when one of the given jars is stale. Serialised with a
# lock so two launchers started at once do not run Maven over each other.
vdobench_build_if_stale() {
    vdobench_is_stale "$@" || return 0
    vdobench_ensure_maven || return 2
    mkdir -p "$VDOBENCH_ROOT/target"
    (
        if command -v flock >/dev/null 2>&1; then
            flock 9
        fi
        vdobench_is_stale "$@" || exit 0
        vdobench_log "building (mvn package -DskipTests) with $JAVA_HOME"
        set -o pipefail
        # Maven 3.8 prints stray colour resets even in batch mode: strip escape sequences.
        vdobench_mvn -q package -DskipTests 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2 || {
            vdobench_log "the build failed; run 'mvn -B package' in $VDOBENCH_ROOT to see why"
            exit 1
        }
    ) 9>"$VDOBENCH_ROOT/target/.build.lock"
}

# JMH refuses to run beside another JMH run (/tmp/jmh.lock, a lock JMH takes itself): wait for it
# (up to 30 min) rather than measure two benchmarks at once. Output goes to the log file $1.
vdobench_jmh() {
    local log="$1" attempt prio=()
    shift
    # VDOBENCH_JMH_NICE=-20 (root only) runs JMH at that CPU priority.
    if [ -n "${VDOBENCH_JMH_NICE:-}" ] && [ "$(id -u)" -eq 0 ]; then
        prio=(nice -n "$VDOBENCH_JMH_NICE")
    fi
    for attempt in $(seq 1 120); do
        if "${prio[@]}" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED "-Dvdobench.native.dir=$VDOBENCH_NATIVE_DIR" \
            ${VDOBENCH_JMH_JVM_OPTS:-} -jar "${VDOBENCH_JMH_JAR:-$VDOBENCH_ROOT/bench/target/benchmarks.jar}" "$@" >"$log" 2>&1; then
            return 0
        fi
        grep -q 'Unable to acquire the JMH lock' "$log" || { cat "$log" >&2; return 1; }
        [ "$attempt" -eq 1 ] && vdobench_log "another JMH run holds /tmp/jmh.lock: waiting for it"
        sleep 15
    done
    vdobench_log "JMH lock never released: see $log"
    return 1
}

# The speed gate's benchmarks: the codecs VDO's paths run (LZ4 over FFM, QPL's software path; 4 KiB
# compress and decompress) and the pipeline's write path (WritePathCostBench at the cache footprint).
# One fork per benchmark per run: the caller interleaves runs A B B A, and the gate pairs neighbouring forks.
# VDOBENCH_GATE_CODECS (empty: no codec run) and VDOBENCH_GATE_PIPELINE=0 narrow the set (a confirmation of
# flagged benchmarks only, scripts/gate-sensitivity.sh).
# Root runs JMH at nice -20, so that other work on the machine takes less from either side's forks.
VDOBENCH_GATE_CODECS="${VDOBENCH_GATE_CODECS:-lz4:impl:ffm,qpl:path:software/huffman:fixed/level:default/verify:on}"
# The gate's verdict settings (scripts/gate-ab.sh, scripts/gate-sensitivity.sh): the i-th B fork is paired
# with the i-th A fork, run next to it (A B B A), and the log ratios get a one-sided paired t-test at alpha
# 0.005 per benchmark (5 benchmarks: at most 2.5 % false alarms a run); a regression also needs a change of at
# least 5 %. Pairing cancels what the machine does to both runs of a pair; the false-alarm rate holds whatever
# the noise, so noise costs only power, and a pass says what change the run could have detected. Fork means
# varying by more than 25 % are INVALID (exit 2).
VDOBENCH_GATE_FLAGS=(--unit pair --alpha 0.005 --min-effect 0.05 --noise-multiplier 0 --max-error 0.25)

# K rounds of an interleaved A/B comparison: A B B A, then B A A B, and so on, calling FN SIDE NAME for each run.
# Run names pair up (PREFIX A<r>-1 runs next to PREFIX B<r>-1, A<r>-2 next to B<r>-2), so the sorted lists of A and
# B files pair each fork with its neighbour for `vdobench gate --unit pair`.
vdobench_ab_rounds() { # $1 = FN, $2 = name prefix, $3 = rounds K
    local fn="$1" prefix="$2" r
    for r in $(seq 1 "$3"); do
        if [ $((r % 2)) -eq 1 ]; then
            "$fn" A "${prefix}A$r-1"; "$fn" B "${prefix}B$r-1"; "$fn" B "${prefix}B$r-2"; "$fn" A "${prefix}A$r-2"
        else
            "$fn" B "${prefix}B$r-1"; "$fn" A "${prefix}A$r-1"; "$fn" A "${prefix}A$r-2"; "$fn" B "${prefix}B$r-2"
        fi
    done
}

# The rows of a gate CSV (vdobench gate --csv) that its first look flagged (REGRESSION or SUSPECT), as the
# reruns of gate-ab.sh select them. Both print something and succeed whatever the CSV holds, so callers under
# `set -euo pipefail` go on when nothing of that kind was flagged.
vdobench_gate_flagged_codecs() { # $1 = gate CSV: the flagged CodecBench rows' codecs, comma-separated, or nothing
    { grep -E ',(REGRESSION|SUSPECT),' "$1" || true; } | { grep 'CodecBench' || true; } \
        | { grep -o 'codec=[^,}]*' || true; } | cut -d= -f2- | sort -u | paste -sd, -
}
vdobench_gate_flagged_pipeline() { # $1 = gate CSV: 1 if writeBlock was flagged, else 0
    if grep -qE '^"?[^,]*WritePathCostBench.*,(REGRESSION|SUSPECT),' "$1"; then echo 1; else echo 0; fi
}

vdobench_gate_bench() { # $1 = output prefix (PREFIX-codec.json, PREFIX-write.json), $2 = benchmarks jar
    local prefix="$1" jar="$2"
    shift 2
    [ -z "$VDOBENCH_GATE_CODECS" ] || VDOBENCH_JMH_NICE=-20 VDOBENCH_JMH_JAR="$jar" vdobench_jmh "$prefix-codec.log" 'CodecBench\.(compress|decompress)$' \
        -p codec="$VDOBENCH_GATE_CODECS" -p blockSize=4096 -f 1 -wi 2 -w 300ms -i 4 -r 300ms "$@" \
        -rf json -rff "$prefix-codec.json" || return 1
    [ "${VDOBENCH_GATE_PIPELINE:-1}" = 0 ] && return 0
    VDOBENCH_JMH_NICE=-20 VDOBENCH_JMH_JAR="$jar" vdobench_jmh "$prefix-write.log" 'WritePathCostBench\.writeBlock$' \
        -p footprint=cache -f 1 -wi 2 -w 1s -i 4 -r 300ms "$@" -rf json -rff "$prefix-write.json"
}
