# Scenario read-after-transplant (sourced by the guest init; started with VDO_FORMAT=no).
# Input: /input/lbns.txt, one LBN per line. Each LBN is read as one 4 KiB block with direct I/O.
# Output in /results:
#   lbn-status.txt   "<lbn> <dd exit code>" per line (0 = data returned, non-zero = I/O error)
#   lbn-<lbn>.bin    the data returned for each LBN that read successfully
#   dmsetup-status-after.txt  volume mode after the reads (must stay "normal")
SCENARIO=read-after-transplant
scenario_run() {
  dmsetup status vdo > /results/dmsetup-status-before.txt
  [ "${VDO_FAULT:-}" = transplant ] && echo "vdobench-init: fault: inverting the first byte of every block read"
  : > /results/lbn-status.txt
  while read -r lbn; do
    [ -n "$lbn" ] || continue
    dd if="$VDO" of=/results/lbn-"$lbn".bin bs=4096 skip="$lbn" count=1 iflag=direct 2> /results/lbn-"$lbn".err
    rc=$?
    echo "$lbn $rc" >> /results/lbn-status.txt
    [ "$rc" = 0 ] || rm -f /results/lbn-"$lbn".bin
    # Test-only: return altered data, so the host's comparison must fail.
    [ "$rc" = 0 ] && [ "${VDO_FAULT:-}" = transplant ] && flip_byte /results/lbn-"$lbn".bin 0
  done < /input/lbns.txt
  dmsetup status vdo > /results/dmsetup-status-after.txt
  vdostats --verbose "$VDO" > /results/vdostats.txt 2>&1 || vdostats --verbose vdo > /results/vdostats.txt 2>&1
  return 0
}
