#!/usr/bin/env bash
# Boots the dm-vdo guest (built by build-guest.sh) under QEMU with one scenario and collects its
# results in a host directory.
#
#   boot.sh --scenario kernel-writes|read-after-transplant|<path to scenario .sh>
#           --backing <image> [--new-backing <size, e.g. 12G>]   (new: create a sparse file; VDO is formatted)
#           --out <dir> [--input <file>]... [--env KEY=VALUE]... [--timeout <seconds>]
#
# Disk 1 (virtio, /dev/vda) is the VDO backing image, disk 2 (/dev/vdb) a fresh raw results disk the
# guest writes a tar onto. The scenario script, its env and the --input files travel in a small
# second cpio archive appended to the cached initramfs (no rebuild per run).
# Writes into <out>: console.log, results/ (the guest's tar, unpacked), boot.env (timings, accel).
# Exit status: the scenario's exit status, 120+ for harness failures (with a message on stderr).
#
# Test-only knobs (environment): VDOBENCH_KERNEL_FAULT=<fault> makes one step of the guest fail for
# real (list: boot.sh --faults; what each does: guest/init), so tests can show that run.sh reports it
# as a failure, never as "not run". VDOBENCH_BOOT_TIMEOUT=<seconds> replaces --timeout (the hang fault
# needs a short one; a slow host may need a longer one).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${VDOBENCH_KERNEL_CACHE:-$HERE/target/cache}"

say() { echo "boot: $*" >&2; }
die() { local code="$1"; shift; echo "boot: ERROR: $*" >&2; exit "$code"; }

# modprobe/format/start: that guest step fails; silent: the guest stops without results; panic: a
# kernel panic before the first marker; hang: no marker until the timeout; decode: one kernel-written
# fragment is corrupted on disk; transplant: the guest returns altered data after a transplant.
FAULTS="modprobe format start silent panic hang decode transplant"

SCENARIO="" BACKING="" NEW_SIZE="" OUT="" TIMEOUT=900
INPUTS=() ENVS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scenario) SCENARIO="$2"; shift 2 ;;
    --backing) BACKING="$2"; shift 2 ;;
    --new-backing) NEW_SIZE="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --input) INPUTS+=("$2"); shift 2 ;;
    --env) ENVS+=("$2"); shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --faults) echo "$FAULTS"; exit 0 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) die 120 "unknown argument $1 (see --help)" ;;
  esac
done
[[ -n "$SCENARIO" && -n "$BACKING" && -n "$OUT" ]] || die 120 "--scenario, --backing and --out are required (see --help)"
if [[ -f "$SCENARIO" ]]; then SCRIPT="$SCENARIO"; else SCRIPT="$HERE/scenarios/$SCENARIO.sh"; fi
[[ -f "$SCRIPT" ]] || die 120 "no scenario script $SCRIPT"
TIMEOUT="${VDOBENCH_BOOT_TIMEOUT:-$TIMEOUT}"
FAULT="${VDOBENCH_KERNEL_FAULT:-}"
if [[ -n "$FAULT" ]]; then
  [[ " $FAULTS " == *" $FAULT "* ]] || die 120 "unknown VDOBENCH_KERNEL_FAULT=$FAULT (one of: $FAULTS)"
  ENVS+=("VDO_FAULT=$FAULT")
  say "test fault injected: VDO_FAULT=$FAULT"
fi

GUEST="$("$HERE/build-guest.sh")" || die 121 "building the guest failed (see messages above)"

"$HERE/ensure-qemu.sh" || die 122 "qemu-system-x86_64 is missing and could not be installed"

mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
rm -rf "$OUT/results" "$OUT/overlay" "$OUT/console.log"
if [[ -n "$NEW_SIZE" ]]; then
  rm -f "$BACKING"; truncate -s "$NEW_SIZE" "$BACKING"
  ENVS=("VDO_FORMAT=yes" "${ENVS[@]}")
else
  [[ -f "$BACKING" ]] || die 120 "backing image $BACKING does not exist (use --new-backing SIZE to create one)"
  ENVS=("VDO_FORMAT=no" "${ENVS[@]}")
fi

# Per-run overlay: /scenario/{scenario.sh,env} and /input/*.
OV="$OUT/overlay"; mkdir -p "$OV/scenario" "$OV/input"
cp "$SCRIPT" "$OV/scenario/scenario.sh"
: > "$OV/scenario/env"
for e in "${ENVS[@]}"; do
  [[ "$e" =~ ^[A-Z_][A-Z0-9_]*=[A-Za-z0-9_.,:/+-]*$ ]] || die 120 "bad --env $e (KEY=VALUE, plain characters only)"
  echo "export $e" >> "$OV/scenario/env"
done
in_bytes=0
for f in "${INPUTS[@]}"; do
  [[ -f "$f" ]] || die 120 "input file $f does not exist"
  cp "$f" "$OV/input/"; in_bytes=$((in_bytes + $(stat -c %s "$f")))
done
( cd "$OV" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet --owner=0:0 ) | gzip -1 > "$OUT/overlay.cpio.gz"
cat "$GUEST/initramfs.cpio.gz" "$OUT/overlay.cpio.gz" > "$OUT/initrd.img"
rm -rf "$OV"

# Results disk: room for a full copy of the input read back, plus logs and dumps.
RES="$OUT/results.img"; rm -f "$RES"
truncate -s $(( (in_bytes * 2 + 256 * 1048576 + 1048575) / 1048576 ))M "$RES"

# Accelerator: KVM only if it really boots this guest (on some hosts /dev/kvm exists but cannot run
# a stock kernel); the probe result is cached per host.
ACCEL_CACHE="$CACHE/accel-$(hostname)"
qemu_run() { # accel-args... ; uses OUT, BACKING, RES
  local log="$1"; shift; local t="$1"; shift
  timeout --foreground -k 10 "$t" qemu-system-x86_64 "$@" -m 4G -smp 2 -nodefaults -display none -no-reboot \
    -serial "file:$log" -monitor none \
    -kernel "$GUEST/vmlinuz" -initrd "$OUT/initrd.img" \
    -append "console=ttyS0 panic=-1 loglevel=4 rdinit=/init" \
    -drive "file=$BACKING,format=raw,if=virtio,cache=writeback" \
    -drive "file=$RES,format=raw,if=virtio,cache=writeback"
}
if [[ -n "${VDOBENCH_QEMU_ACCEL:-}" ]]; then
  ACCEL="$VDOBENCH_QEMU_ACCEL"
elif [[ -f "$ACCEL_CACHE" ]]; then
  ACCEL="$(cat "$ACCEL_CACHE")"
else
  ACCEL=tcg
  if [[ -r /dev/kvm && -w /dev/kvm ]]; then
    say "probing KVM"
    # Probe with the real guest and a scenario-less boot: init logs "start" and powers off (rc 90).
    probe="$OUT/kvm-probe"; mkdir -p "$probe"
    cat "$GUEST/initramfs.cpio.gz" > "$probe/initrd.img"
    if timeout -k 5 60 qemu-system-x86_64 -accel kvm -cpu host -m 1G -smp 1 -nodefaults -display none -no-reboot \
         -serial "file:$probe/console.log" -monitor none -kernel "$GUEST/vmlinuz" -initrd "$probe/initrd.img" \
         -append "console=ttyS0 panic=-1 loglevel=4" >"$probe/qemu.out" 2>&1 \
       && grep -q 'vdobench-init: start' "$probe/console.log"; then
      ACCEL=kvm
    fi
    say "KVM probe: $([[ $ACCEL == kvm ]] && echo works || echo "does not boot the guest ($(tail -c 300 "$probe/qemu.out" "$probe/console.log" 2>/dev/null | tr '\n' ' ' | cut -c1-200))")"
    rm -rf "$probe"
  fi
  echo "$ACCEL" > "$ACCEL_CACHE"
fi
if [[ "$ACCEL" == kvm ]]; then ACCEL_ARGS=(-accel kvm -cpu host); else ACCEL_ARGS=(-accel tcg,thread=multi -cpu max); fi

say "booting scenario $(basename "$SCRIPT" .sh) accel=$ACCEL timeout=${TIMEOUT}s backing=$BACKING"
start=$(date +%s.%N)
set +e
qemu_run "$OUT/console.log" "$TIMEOUT" "${ACCEL_ARGS[@]}" > "$OUT/qemu.out" 2>&1
qrc=$?
set -e
end=$(date +%s.%N)
wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
{
  echo "ACCEL=$ACCEL"
  echo "BOOT_WALL_SECONDS=$wall"
  echo "QEMU_EXIT=$qrc"
  echo "HOST_LOAD=\"$(cut -d' ' -f1-3 /proc/loadavg)\""
  echo "HOST_CPUS=$(nproc)"
  cat "$GUEST/guest.env"
} > "$OUT/boot.env"

if [[ $qrc -eq 124 || $qrc -eq 137 ]]; then
  tail -30 "$OUT/console.log" >&2 || true
  die 123 "guest did not power off within ${TIMEOUT}s (console: $OUT/console.log)"
fi
[[ $qrc -eq 0 ]] || { cat "$OUT/qemu.out" >&2; tail -30 "$OUT/console.log" >&2 || true; die 124 "qemu exited with $qrc"; }
done_line="$(grep -a 'vdobench-init: done rc=' "$OUT/console.log" | tail -1 || true)"
if [[ -z "$done_line" ]]; then
  tail -40 "$OUT/console.log" >&2 || true
  die 125 "guest stopped before writing its results (console: $OUT/console.log)"
fi
mkdir -p "$OUT/results"
tar -xf "$RES" -C "$OUT/results" || die 126 "results disk holds no readable tar ($RES)"
rm -f "$RES" "$OUT/initrd.img" "$OUT/overlay.cpio.gz"
rc="$(cat "$OUT/results/scenario.rc")"
say "scenario rc=$rc wall=${wall}s accel=$ACCEL (load $(cut -d' ' -f1-3 /proc/loadavg)); results in $OUT/results"
exit "$rc"
