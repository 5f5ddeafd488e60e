#!/usr/bin/env bash
# Makes sure a tool from a Debian package is installed; prints the tool's path on stdout.
#   scripts/ensure-debian-package.sh PACKAGE COMMAND [COMMAND...]
# e.g. `fio fio`, `chromium chromium chromium-browser google-chrome`, `zlib1g-dev /usr/include/zlib.h`:
# the first COMMAND found on PATH (an absolute path: the first that exists) wins; when none is, PACKAGE
# is installed with apt-get (root, or passwordless sudo).
# Exit 0 with the path, 2 on bad usage, 3 with the reason on stderr when the tool cannot be installed
# (no root, no apt-get, package registry unreachable). Tests turn exit 3 into a skip, or into a
# failure when CI=true (io.vdobench.testing.DebianTool).
set -u
if [ $# -lt 2 ]; then
    echo "usage: $0 PACKAGE COMMAND [COMMAND...]" >&2
    exit 2
fi
PACKAGE="$1"
shift
find_tool() {
    local c
    for c in "$@"; do
        case "$c" in
            /*) if [ -e "$c" ]; then echo "$c"; return 0; fi ;;
            *) if command -v "$c" >/dev/null 2>&1; then command -v "$c"; return 0; fi ;;
        esac
    done
    return 1
}
if find_tool "$@"; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "$1 is not installed and apt-get is not available (install Debian's $PACKAGE)" >&2
    exit 3
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
        echo "$1 is not installed and installing it needs root (apt-get install $PACKAGE)" >&2
        exit 3
    fi
fi
apt() {
    # Other processes may be installing packages: take a shared lock, and let dpkg wait for its own.
    flock /tmp/apt.lock $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"
}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! apt install -y --no-install-recommends "$PACKAGE" >"$log" 2>&1; then
    # The package lists may be stale or missing (a fresh container): refresh once and retry.
    apt update >>"$log" 2>&1
    if ! apt install -y --no-install-recommends "$PACKAGE" >>"$log" 2>&1; then
        echo "apt-get install $PACKAGE failed:" >&2
        tail -5 "$log" >&2
        exit 3
    fi
fi
if find_tool "$@"; then exit 0; fi
echo "$PACKAGE was installed but none of [$*] is on PATH" >&2
exit 3
