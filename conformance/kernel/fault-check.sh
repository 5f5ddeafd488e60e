#!/usr/bin/env bash
# Shows that the kernel check cannot pass vacuously: for each fault given (default: modprobe and
# panic, one per way a first boot fails, ~35 s each; .ci/run runs the default), runs run.sh with
# VDOBENCH_KERNEL_FAULT=<fault> (a real guest step made to fail, see guest/init) and requires
#   - exit 1, never 0 or 4,
#   - a last line "kernel-check: FAILED: ..." that names what the fault broke,
#   - the tail of the guest's console on stderr, holding the fault's own trace.
#
#   fault-check.sh [fault...|all]     faults: boot.sh --faults
#
# Each fault runs in its own work dir (target/fault-check/<fault>/, VDOBENCH_KERNEL_WORK) so the real
# check's images and facts in target/ stay; a fault's dir is deleted when it behaved. Exit 0 when every
# fault behaved, 1 otherwise, 2 for an unknown fault. Cost: one Maven run plus one short boot per
# fault (see README.md). The other faults take the same paths in run.sh or cost more (hang waits out a
# 45 s boot timeout; decode and transplant run the whole check, ~2 min each): README.md lists the
# results of one run of each.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KNOWN=" $("$HERE/boot.sh" --faults) "
FAULTS=("$@"); [[ ${#FAULTS[@]} -gt 0 ]] || FAULTS=(modprobe panic)
[[ "${FAULTS[*]}" == all ]] && read -ra FAULTS <<< "$KNOWN"

# What the last line and the console must show for each fault: "<last-line regex>|<console regex>".
expect() {
  case "$1" in
    modprobe) echo 'loading the dm-vdo module chain failed|insmod .*dm-vdo\.ko.*failed' ;;
    format) echo 'vdoformat failed|vdoformat failed' ;;
    start) echo 'dmsetup create \(starting the volume\) failed|vdo: Unknown version number' ;;
    silent) echo 'stopped without reporting|fault: powering off without results' ;;
    panic) echo 'stopped without reporting|sysrq_handle_crash|Kernel panic' ;;
    hang) echo 'did not finish in time|vdobench-fault: hanging' ;;
    decode) echo 'decoded=|fault: inverting byte' ;;
    transplant) echo 'transplant-v1=FAIL|fault: inverting the first byte' ;;
  esac
}

bad=0
for f in "${FAULTS[@]}"; do
  [[ "$KNOWN" == *" $f "* ]] || { echo "fault-check: unknown fault $f (one of:$KNOWN)"; exit 2; }
  work="$HERE/target/fault-check/$f"
  rm -rf "$work"; mkdir -p "$work"
  # hang never reaches a marker: only the boot timeout ends it, so keep that short.
  timeout_env=(); [[ "$f" == hang ]] && timeout_env=(VDOBENCH_BOOT_TIMEOUT=45)
  t0=$(date +%s)
  env VDOBENCH_KERNEL_FAULT="$f" VDOBENCH_KERNEL_WORK="$work" "${timeout_env[@]}" "$HERE/run.sh" \
    > "$work/stdout" 2> "$work/stderr"
  rc=$?
  secs=$(( $(date +%s) - t0 ))
  last="$(tail -1 "$work/stdout")"
  IFS='|' read -r want_line want_console <<< "$(expect "$f")"
  console="$(sed -n '/^kernel-check: console of guest boot/,/^[^ ]/p' "$work/stderr" | grep '^  | ')"
  problems=()
  [[ $rc -eq 1 ]] || problems+=("exit $rc, not 1")
  [[ "$last" == "kernel-check: FAILED: "* ]] || problems+=("last line is not 'kernel-check: FAILED: ...'")
  [[ "$last" =~ $want_line ]] || problems+=("last line does not say /$want_line/")
  if [[ "$f" == decode ]]; then # fewer fragments decoded than exist
    [[ "$last" =~ decoded=([0-9]+)/([0-9]+) ]] && (( BASH_REMATCH[1] < BASH_REMATCH[2] )) \
      || problems+=("decoded count is not short")
  fi
  [[ -n "$console" ]] || problems+=("no console tail on stderr")
  grep -qE "$want_console" <<< "$console" || problems+=("console tail lacks /$want_console/")
  if [[ ${#problems[@]} -eq 0 ]]; then
    echo "fault-check: $f: ok in ${secs}s: exit 1, $last"
    rm -rf "$work"
  else
    bad=1
    echo "fault-check: $f: WRONG in ${secs}s: $(IFS=';'; echo "${problems[*]}"); last line: $last; output kept in $work"
  fi
done
exit "$bad"
