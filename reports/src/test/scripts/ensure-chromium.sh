#!/usr/bin/env bash
# Makes sure a headless-capable Chromium is installed; prints its path on stdout.
# Exit 0 with the path, or exit 3 with the reason on stderr when it cannot be installed
# (no root, no apt, no network): the report's browser test then skips with that reason.
set -u
find_browser() {
  for b in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
  done
  return 1
}
if find_browser; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is not installed and apt-get is not available" >&2; exit 3
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "chromium is not installed and installing it needs root (apt-get install chromium)" >&2; exit 3
  fi
fi
# Other processes may be installing packages: take the shared lock, and let dpkg wait for its own.
log=$(mktemp)
if ! flock /tmp/apt.lock $SUDO env DEBIAN_FRONTEND=noninteractive \
      apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends chromium >"$log" 2>&1; then
  # The package lists may be stale: refresh once and retry.
  flock /tmp/apt.lock $SUDO apt-get -o DPkg::Lock::Timeout=600 update >>"$log" 2>&1
  if ! flock /tmp/apt.lock $SUDO env DEBIAN_FRONTEND=noninteractive \
        apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends chromium >>"$log" 2>&1; then
    echo "apt-get install chromium failed:" >&2; tail -5 "$log" >&2; rm -f "$log"; exit 3
  fi
fi
rm -f "$log"
if find_browser; then exit 0; fi
echo "chromium was installed but no browser binary is on PATH" >&2
exit 3
