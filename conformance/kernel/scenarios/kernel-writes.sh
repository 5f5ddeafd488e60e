# Scenario kernel-writes (sourced by the guest init).
# Input: /input/data.bin (prepared by the host; its layout is the host's business) is written from
# LBN 0 with direct I/O, flushed, read back and exported. Output in /results:
#   readback.bin      the logical data read back through dm-vdo (same length as data.bin)
#   vdostats.txt      vdostats --verbose while the volume is up
#   blockmap.txt      vdodumpblockmap of the stopped volume (offline, reads /dev/vda)
#   dmsetup-status.txt, cmp.txt
SCENARIO=kernel-writes
scenario_run() {
  size=$(stat -c %s /input/data.bin) || return 10
  blocks=$((size / 4096))
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
  return 0
}
