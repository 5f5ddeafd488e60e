# Scenario kernel-writes (sourced by the guest init).
# Input: /input/data.bin (prepared by the host; its layout is the host's business) is written from
# LBN 0 with direct I/O, flushed, read back and exported. Output in /results:
#   readback.bin      the logical data read back through dm-vdo (same length as data.bin)
#   vdostats.txt      vdostats --verbose while the volume is up
#   blockmap.txt      vdodumpblockmap of the stopped volume (offline, reads /dev/vda)
#   blockmap-lba.txt vdodumpblockmap --lba=N for each N in $VDO_SPOT_LBNS (comma-separated)
#   dmsetup-status.txt, cmp.txt
SCENARIO=kernel-writes
scenario_run() {
  size=$(stat -c %s /input/data.bin) || return 10
  blocks=$((size / 4096))
  # Wait for the dedupe index to come online so duplicates are deduplicated (status field 7).
  n=0
  while [ "$(dmsetup status vdo | awk '{print $7}')" != online ] && [ "$n" -lt 600 ]; do sleep 0.1; n=$((n + 1)); done
  dmsetup status vdo > /results/dmsetup-status-start.txt
  # Direct 1 MiB writes: DM splits them into 4 KiB data_vios, as on a real system.
  dd if=/input/data.bin of="$VDO" bs=1M oflag=direct conv=fsync 2> /results/dd-write.txt || return 11
  # A flush makes the packer write every partially filled bin (there is no timer).
  sync
  blockdev --flushbufs "$VDO"
  dd if="$VDO" of=/results/readback.bin bs=1M count=$(((size + 1048575) / 1048576)) iflag=direct 2> /results/dd-read.txt || return 12
  truncate -s "$size" /results/readback.bin
  if cmp /input/data.bin /results/readback.bin > /results/cmp.txt 2>&1; then echo same >> /results/cmp.txt; else echo DIFFERENT >> /results/cmp.txt; fi
  vdostats --verbose "$VDO" > /results/vdostats.txt 2>&1 || vdostats --verbose vdo > /results/vdostats.txt 2>&1
  dmsetup status vdo > /results/dmsetup-status.txt
  dmsetup message vdo 0 stats > /results/dm-message-stats.txt 2>&1
  echo "$blocks" > /results/blocks.txt
  return 0
}
scenario_after_stop() {
  vdodumpblockmap /dev/vda > /results/blockmap.txt 2> /results/blockmap.err || return 13
  # A few LBNs through the tool's own --lba mode, to check the host's LBN reconstruction of the dump.
  : > /results/blockmap-lba.txt
  for lbn in $(echo "${VDO_SPOT_LBNS:-0}" | tr ',' ' '); do
    vdodumpblockmap --lba="$lbn" /dev/vda >> /results/blockmap-lba.txt 2>> /results/blockmap.err || return 14
  done
  if [ "${VDO_FAULT:-}" = decode ]; then
    # Test-only: invert a byte inside the first fragment of the packed block the first compressed
    # spot LBN maps to, so the host's decode of the kernel-written fragments must come out short.
    pbn=$(awk '$2 == "compressed" { print $3; exit }' /results/blockmap-lba.txt)
    [ -n "$pbn" ] || { echo "vdobench-init: fault decode: no spot LBN is compressed"; return 15; }
    echo "vdobench-init: fault: inverting byte 44 of packed block PBN $pbn"
    flip_byte /dev/vda $((pbn * 4096 + 44)); sync; blockdev --flushbufs /dev/vda
  fi
  return 0
}
