#!/usr/bin/env bash
# Kernel cross-check (issue 8), one command: builds the guest (cached), then runs the @Tag("kernel")
# JUnit tests of io.vdobench.conformance.kernel (mvn -Pkernel verify), which boot the stock Debian 13
# kernel under QEMU:
#   kernel-writes          format + write known data with compression on + read back + dump block map
#   read-after-transplant  boot the same image again after replacing packed blocks, read LBNs
# and ends with one summary line, every field from the pipeline's own code:
#   kernel-check: kernel=<release> vdo=<version> decoded=<ok>/<n> transplant-v1=<ok|FAIL> transplant-v2=<rejected|ACCEPTED|FAIL>
#     decoded        fragments the pipeline's inspector (PackedBlockScanner) decoded to their LBNs' data
#     transplant-v1  blocks built by the pipeline's Packer (1.0, LZ4 via lz4-java) read back identical
#     transplant-v2  tagged 2.0 blocks from the pipeline's Packer (LZ4 + DEFLATE tags): rejected = every
#                    read failed with EIO, controls read, volume stayed normal; ACCEPTED = the stock
#                    kernel returned data; FAIL = rejection not demonstrated (test did not finish,
#                    volume left normal mode, controls broke)
# The harness-local stand-ins (lz4-java decode, LZ4 HC re-pack, 1.0->2.0 relabel, per-slot and
# DEFLATE-under-1.0 probes) still run and are printed as labelled detail on stderr.
#
# Exit (the last stdout line always starts "kernel-check: "):
#   0  every property holds: all kernel tests pass, decoded n/n, v1 ok, v2 rejected; the last line is
#      the summary above
#   1  FAILED: anything that goes wrong once QEMU and the guest's packages are there: the guest build
#      from fetched packages, a guest step (loading dm-vdo, vdoformat, dmsetup create), a guest that
#      panics, hangs or stops without results, a kernel test, a summary field, Maven before any fact.
#      The last line says which; the tail of the guest's console log is printed on stderr.
#   2  set-up: no JDK >= 22 or no mvn, or an unknown VDOBENCH_KERNEL_FAULT
#   4  NOT RUN: this host cannot run a guest at all: QEMU is not installable, or the Debian packages
#      of the guest (kernel, dm-vdo, vdo tools) cannot be fetched; the last line names which
# Test-only: VDOBENCH_KERNEL_FAULT=<fault> (boot.sh --faults) makes one guest step fail for real;
# fault-check.sh shows that each gives exit 1, never 4.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# Runs, facts and logs (the guest cache stays in target/cache, VDOBENCH_KERNEL_CACHE).
export VDOBENCH_KERNEL_WORK="${VDOBENCH_KERNEL_WORK:-$HERE/target}"
WORK="$VDOBENCH_KERNEL_WORK"
FACTS="$WORK/kernel-check.properties"
LOG="$WORK/run-mvn.log"
BUILD_LOG="$WORK/build-guest.log"
QEMU_LOG="$WORK/ensure-qemu.log"
# shellcheck source=../../scripts/lib.sh
source "$ROOT/scripts/lib.sh"

not_run() { echo "kernel-check: NOT RUN: this host cannot run a guest: $*"; exit 4; }
failed() { echo "kernel-check: FAILED: $*"; exit 1; }
setup_error() { echo "kernel-check: SET-UP ERROR: $*"; exit 2; }
last_error() { grep -a "ERROR" "$1" 2>/dev/null | tail -1 | sed "s/^[a-z-]*: ERROR: //"; }

vdobench_find_jdk || setup_error "no JDK >= 22 (see above)"
vdobench_ensure_maven || setup_error "no mvn (see above)"
if [[ -n "${VDOBENCH_KERNEL_FAULT:-}" ]]; then
  [[ " $("$HERE/boot.sh" --faults) " == *" $VDOBENCH_KERNEL_FAULT "* ]] \
    || setup_error "unknown VDOBENCH_KERNEL_FAULT=$VDOBENCH_KERNEL_FAULT (one of: $("$HERE/boot.sh" --faults))"
  echo "run.sh: test fault VDOBENCH_KERNEL_FAULT=$VDOBENCH_KERNEL_FAULT injected: this run must fail" >&2
fi

mkdir -p "$WORK"
t0=$(date +%s)
# The only two ways this host may be unable to run a guest; both are settled before any test runs.
if ! "$HERE/ensure-qemu.sh" 2> "$QEMU_LOG"; then
  tail -5 "$QEMU_LOG" >&2
  not_run "QEMU is not installable ($(tail -1 "$QEMU_LOG" | sed 's/^ensure-qemu: //'); log: $QEMU_LOG)"
fi
"$HERE/build-guest.sh" > /dev/null 2> "$BUILD_LOG"
brc=$?
if [[ $brc -ne 0 ]]; then
  tail -15 "$BUILD_LOG" >&2
  [[ $brc -eq 4 ]] && not_run "the Debian packages of the guest cannot be fetched ($(last_error "$BUILD_LOG"))"
  failed "building the guest from the fetched packages failed ($(last_error "$BUILD_LOG"); log: $BUILD_LOG)"
fi
t1=$(date +%s)
rm -f "$FACTS"
echo "run.sh: guest ready in $((t1 - t0))s; running the kernel tests (mvn -Pkernel verify, log: $LOG)" >&2
# Only this package's tests: the check must not fail for an unrelated test of another package, and
# the upstream modules' suites run in the normal build anyway.
( cd "$ROOT" && nice mvn -B -Pkernel -pl conformance -am verify \
    -Dtest='io.vdobench.conformance.kernel.*Test' -Dsurefire.failIfNoSpecifiedTests=false ) > "$LOG" 2>&1
mrc=$?
t2=$(date +%s)
grep -E 'Tests run:|FAIL|ERROR\]' "$LOG" | grep -v WARNING | tail -15 >&2

fact() { # key -> value, java.util.Properties escapes removed
  [[ -f "$FACTS" ]] || return 0
  sed -n "s/^$1=//p" "$FACTS" | head -1 | sed 's/\\\([:=#! ]\)/\1/g'
}
first_word() { echo "${1%% *}"; }
# What a failed boot's exit status means (boot.sh 120..126, guest/init 90..95, scenarios below 90).
boot_step() {
  case "$1" in
    90) echo "guest got no scenario" ;; 91) echo "loading the dm-vdo module chain failed" ;;
    92) echo "the virtio disks did not appear" ;; 93) echo "vdoformat failed" ;;
    94) echo "dmsetup create (starting the volume) failed" ;; 95) echo "dmsetup remove failed" ;;
    123) echo "the guest did not finish in time (hang or no marker)" ;; 124) echo "QEMU failed" ;;
    125) echo "the guest stopped without reporting (panic or power-off)" ;;
    126) echo "the guest's results disk is unreadable" ;; 120|121|122) echo "boot.sh could not start the guest" ;;
    timeout) echo "boot.sh did not return" ;; *) echo "the scenario failed" ;;
  esac
}
console_tail() { # run name
  local log; log="$(fact "boot_console\\.$1")"
  echo "kernel-check: console of guest boot $1 (last 40 lines of ${log:-?}):" >&2
  if [[ -n "$log" && -s "$log" ]]; then tail -n 40 "$log" | sed 's/^/  | /' >&2; else echo "  | (empty or missing)" >&2; fi
}

boots=$(find "$WORK/runs" -name boot.env -newer "$BUILD_LOG" 2>/dev/null | wc -l)
echo "run.sh: timings: guest build $((t1 - t0))s, kernel tests ($boots guest boots) $((t2 - t1))s; accel=$(fact accel); host load $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs" >&2

if [[ ! -s "$FACTS" ]]; then
  tail -30 "$LOG" >&2
  failed "Maven stopped before any kernel test recorded a fact (exit $mrc; compile error? log: $LOG)"
fi

# Failed guest boots: each named, with its console's tail.
reasons=()
while IFS= read -r line; do
  [[ -n "$line" ]] || continue
  line="$(echo "$line" | sed 's/\\\([:=#! ]\)/\1/g')"
  run="${line#boot_failure.}"; run="${run%%=*}"
  code="${line#*=exit=}"; code="${code%% *}"
  log="$(fact "boot_console\\.$run")"
  marker="$(grep -a 'vdobench-init:' "$log" 2>/dev/null | grep -avE 'writing results|done rc=' | tail -1 | tr -d '\r')"
  echo "kernel-check: guest boot $run failed: ${line#*=}" >&2
  console_tail "$run"
  if [[ -s "${log%/*}/harness.log" ]]; then # boot.sh's own messages, QEMU's errors among them
    echo "kernel-check: boot.sh output for $run (last 8 lines of ${log%/*}/harness.log):" >&2
    tail -n 8 "${log%/*}/harness.log" | cut -c1-300 | sed 's/^/  | /' >&2
  fi
  reasons+=("guest boot $run: $(boot_step "$code") (exit $code; last marker: ${marker:-none})")
done < <(grep '^boot_failure\.' "$FACTS" || true)

# Stand-ins, as detail only.
for k in decoded_fragments harness_transplant_v1 harness_transplant_v2 harness_per_slot_validation harness_deflate_under_v1; do
  v="$(fact "$k")"; [[ -n "$v" ]] && echo "kernel-check: stand-in detail (harness-local code, not the pipeline): $k=$v" >&2
done
for k in pipeline_inspect pipeline_transplant_v1 pipeline_repack_all_v1 pipeline_transplant_v2; do
  v="$(fact "$k")"; [[ -n "$v" ]] && echo "kernel-check: pipeline detail: $k=$v" >&2
done

kernel="$(fact kernel)"; vdo="$(fact vdo)"
decoded="$(fact pipeline_decoded_fragments)"
v1="$(first_word "$(fact pipeline_transplant_v1)")"
v2="$(first_word "$(fact pipeline_transplant_v2)")"
[[ "$v1" == ok ]] || v1=FAIL
[[ "$v2" == rejected || "$v2" == ACCEPTED ]] || v2=FAIL   # no demonstrated rejection is a failure
decoded="${decoded:-?/?}"
n_ok="${decoded%/*}"; n_all="${decoded#*/}"
decode_ok=no; [[ "$n_ok" == "$n_all" && "$n_all" =~ ^[1-9][0-9]*$ ]] && decode_ok=yes

echo "kernel-check: decode by the pipeline's PackedBlockScanner; transplant-v1 by its Packer (1.0, lz4-java); transplant-v2 by its Packer (tagged 2.0, LZ4+DEFLATE tags)" >&2
summary="kernel-check: kernel=${kernel:-?} vdo=${vdo:-?} decoded=$decoded transplant-v1=$v1 transplant-v2=$v2"

if [[ ${#reasons[@]} -eq 0 && $mrc -eq 0 && "$v1" == ok && "$v2" == rejected && $decode_ok == yes ]]; then
  echo "$summary"
  exit 0
fi
# The guests booted, so whatever is wrong is a failure of the check; when no boot failed outright,
# show the console of the boot behind each failed field (kernel-writes for decode or a test failure).
if [[ ${#reasons[@]} -eq 0 ]]; then
  [[ "$v1" == ok ]] || console_tail transplant-pipeline-v1
  [[ "$v2" == rejected ]] || console_tail transplant-pipeline-v2
  [[ $decode_ok == no || ( "$v1" == ok && "$v2" == rejected ) ]] && console_tail kernel-writes
fi
# Without the first boot no field could be established: its reason is the whole story.
if [[ -z "$(fact 'boot_failure\.kernel-writes')" ]]; then
  [[ $decode_ok == yes ]] || reasons+=("decoded=$decoded")
  [[ "$v1" == ok ]] || reasons+=("transplant-v1=$v1")
  [[ "$v2" == rejected ]] || reasons+=("transplant-v2=$v2")
  [[ $mrc -eq 0 ]] || reasons+=("kernel tests failed (mvn exit $mrc; log: $LOG)")
  echo "$summary"
fi
why="${reasons[0]}"; for r in "${reasons[@]:1}"; do why+="; $r"; done
failed "$why"
