#!/usr/bin/env bash
# Makes sure qemu-system-x86_64 is on PATH, installing Debian's qemu-system-x86 through apt when it is
# missing (root). Exit 0 when QEMU is there, 4 with one line on stderr when it cannot be installed:
# run.sh reports that as "this host cannot run a guest" (exit 4), the only environment failure besides
# an unreachable package registry (build-guest.sh exit 4).
set -uo pipefail
# A regular executable file, not just a name `command -v` can find (it also reports unusable ones).
qemu_ok() { local q; q="$(command -v qemu-system-x86_64)" && [[ -f "$q" && -x "$q" ]]; }
qemu_ok && exit 0
echo "ensure-qemu: installing qemu-system-x86 (apt)" >&2
# On a fresh machine the package lists may be missing: update once if the first try fails.
flock /tmp/apt.lock sh -c 'export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends qemu-system-x86 \
    || { apt-get update -q && apt-get install -y -q --no-install-recommends qemu-system-x86; }' >&2
if ! qemu_ok; then
  echo "ensure-qemu: no usable qemu-system-x86_64 after apt-get install qemu-system-x86 (registry unreachable, not root, or a broken install)" >&2
  exit 4
fi
