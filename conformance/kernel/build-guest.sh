#!/usr/bin/env bash
# Builds the dm-vdo test guest once: a Debian 13 "trixie" kernel plus an initramfs holding busybox,
# the vdo user-space tools, dmsetup, their shared libraries and the dm-vdo module chain.
#
# Everything fetched lives under $VDOBENCH_KERNEL_CACHE (default conformance/kernel/target/cache);
# a second run with a complete cache does no network access and is near-instant.
#
# Packages come from `apt-get download` through a PRIVATE apt configuration (own sources, lists,
# cache and dpkg status); the host's apt configuration is only read, never changed. The mirror URI
# is read at run time from the host's own apt sources (override: VDOBENCH_DEBIAN_MIRROR).
#
# Output (stdout, last line): path of the guest directory containing vmlinuz, initramfs.cpio.gz, guest.env
# Exit: 0 built (or cached), 4 the packages could not be fetched (no Debian registry configured or
# reachable, apt could not install a host tool): this host cannot build the guest; 1 anything else
# (e.g. the kernel package no longer ships dm-vdo): a failure of the check, not of the environment.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${VDOBENCH_KERNEL_CACHE:-$HERE/target/cache}"
SUITE="${VDOBENCH_GUEST_SUITE:-trixie}"
KERNEL_SERIES="${VDOBENCH_GUEST_KERNEL_SERIES:-6.12}"
GUEST="$CACHE/guest"
APTD="$CACHE/apt"
DEBS="$CACHE/debs"
STAGE="$CACHE/stage"

first_existing() { local f; for f in "$@"; do [[ -e "$f" ]] && { echo "$f"; return 0; }; done; return 0; }
say() { echo "build-guest: $*" >&2; }
die() { echo "build-guest: ERROR: $*" >&2; exit 1; }
fetch_fail() { echo "build-guest: ERROR: $*" >&2; exit 4; }
trap 'echo "build-guest: ERROR: command failed at line $LINENO: $BASH_COMMAND" >&2' ERR

# Inputs that change the guest; a stamp with the same text means the cached guest is current.
INPUTS_HASH="$(cat "$HERE/build-guest.sh" "$HERE/guest/init" | sha256sum | cut -c1-16)-$SUITE-$KERNEL_SERIES"
if [[ -f "$GUEST/stamp" && "$(cat "$GUEST/stamp")" == "$INPUTS_HASH" && -f "$GUEST/initramfs.cpio.gz" && -f "$GUEST/vmlinuz" ]]; then
  say "cached guest is current ($GUEST)"
  echo "$GUEST"
  exit 0
fi

# Host tools; missing ones are installed through apt (serialised with the other apt users).
missing=()
for tool in readelf:binutils xz:xz-utils cpio:cpio gzip:gzip; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  say "installing host tools: ${missing[*]}"
  # On a fresh machine the package lists may be missing: update once if the first try fails.
  flock /tmp/apt.lock sh -c 'export DEBIAN_FRONTEND=noninteractive; apt-get install -y -q --no-install-recommends "$@" || { apt-get update -q && apt-get install -y -q --no-install-recommends "$@"; }' sh "${missing[@]}" >&2 \
    || fetch_fail "could not install ${missing[*]} (apt-get install ${missing[*]})"
fi
for tool in apt-get apt-cache dpkg-deb readelf xz cpio gzip; do
  command -v "$tool" >/dev/null || die "host tool '$tool' is missing"
done

# --- mirror URI from the host's own apt sources ------------------------------------------------
find_mirror() {
  if [[ -n "${VDOBENCH_DEBIAN_MIRROR:-}" ]]; then echo "$VDOBENCH_DEBIAN_MIRROR"; return; fi
  local f uri
  # deb822 stanzas: take URIs of a stanza whose Suites are not a security suite.
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    uri="$(awk '
      BEGIN { RS=""; FS="\n" }
      {
        u=""; s=""; t=""
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/)   { u = $i; sub(/^URIs:[ \t]*/, "", u) }
          if ($i ~ /^Suites:/) { s = $i }
          if ($i ~ /^Types:/)  { t = $i }
        }
        if (u != "" && t ~ /deb( |$)/ && s !~ /security/ && u ~ /debian\/?$/) { split(u, a, " "); print a[1]; exit }
      }' "$f")"
    if [[ -n "$uri" ]]; then echo "$uri"; return; fi
  done
  if [[ -f /etc/apt/sources.list ]]; then
    uri="$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { print $i; exit } }' /etc/apt/sources.list)"
    if [[ -n "$uri" ]]; then echo "$uri"; return; fi
  fi
  return 1
}
MIRROR="$(find_mirror)" || fetch_fail "no Debian mirror found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list; set VDOBENCH_DEBIAN_MIRROR"
say "mirror: $MIRROR ($([[ -n "${VDOBENCH_DEBIAN_MIRROR:-}" ]] && echo VDOBENCH_DEBIAN_MIRROR || echo "host apt sources"))  suite: $SUITE"

# --- private apt configuration -----------------------------------------------------------------
mkdir -p "$APTD"/{etc/apt.conf.d,etc/preferences.d,etc/sources.list.d,lists/partial,cache/archives/partial} "$DEBS"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
[[ -f "$KEYRING" ]] || die "$KEYRING missing (apt-get install debian-archive-keyring)"
echo "deb [signed-by=$KEYRING] $MIRROR $SUITE main" > "$APTD/etc/sources.list"
: > "$APTD/status"
cat > "$APTD/apt.conf" <<CONF
Dir::Etc::Parts "$APTD/etc/apt.conf.d";
Dir::Etc::main "$APTD/etc/apt.conf";
Dir::Etc::SourceList "$APTD/etc/sources.list";
Dir::Etc::SourceParts "$APTD/etc/sources.list.d";
Dir::Etc::Preferences "$APTD/etc/preferences";
Dir::Etc::PreferencesParts "$APTD/etc/preferences.d";
Dir::State "$APTD";
Dir::State::Lists "$APTD/lists";
Dir::State::status "$APTD/status";
Dir::Cache "$APTD/cache";
APT::Architecture "amd64";
APT::Architectures { "amd64"; };
APT::Install-Recommends "false";
Acquire::Languages "none";
Debug::NoLocking "true";
CONF
export APT_CONFIG="$APTD/apt.conf"
apt_() { apt-get -q -o Dir::Etc::main="$APTD/apt.conf" "$@"; }
acache() { apt-cache -o Dir::Etc::main="$APTD/apt.conf" "$@"; }

if ! ls "$APTD/lists/"*_Packages* >/dev/null 2>&1 || [[ -n "${VDOBENCH_GUEST_REFRESH:-}" ]]; then
  say "fetching $SUITE package lists into $APTD/lists"
  apt_ update >"$APTD/update.log" 2>&1 || { tail -20 "$APTD/update.log" >&2; fetch_fail "apt-get update for $SUITE from $MIRROR failed (log: $APTD/update.log)"; }
  # apt-get update exits 0 when a fetch fails (it only warns), so check that lists arrived.
  if ! ls "$APTD/lists/"*_Packages* >/dev/null 2>&1; then
    grep -iE '^(W|E):' "$APTD/update.log" >&2 || true
    fetch_fail "could not fetch the $SUITE package lists from $MIRROR (network, proxy or mirror problem; log: $APTD/update.log)"
  fi
fi

# --- choose packages ---------------------------------------------------------------------------
# Kernel: the newest linux-image-<series>.*-amd64 (the unsigned flavour carries the same modules).
KPKG="$(acache pkgnames linux-image-"$KERNEL_SERIES" 2>/dev/null | grep -E "^linux-image-${KERNEL_SERIES//./\\.}\.[0-9]+(\+[a-z0-9]+)?-amd64-unsigned$" | sort -V | tail -1 || true)"
if [[ -z "$KPKG" ]]; then
  KPKG="$(acache pkgnames linux-image-"$KERNEL_SERIES" 2>/dev/null | grep -E "^linux-image-${KERNEL_SERIES//./\\.}\.[0-9]+(\+[a-z0-9]+)?-amd64$" | sort -V | tail -1 || true)"
fi
[[ -n "$KPKG" ]] || die "no linux-image-$KERNEL_SERIES.*-amd64 package in $SUITE"
USER_PKGS=(vdo dmsetup busybox-static)
# Shared-library closure of the user-space tools: recursive Depends/Pre-Depends restricted to lib*
# packages (so daemons and scripts that a package may pull in stay out of the guest).
mapfile -t DEP_PKGS < <(acache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances vdo dmsetup 2>/dev/null \
  | awk '/^[a-z0-9]/ { print $1 }' | grep -E '^(lib|zlib)' | grep -vE ':|^lib.*-(dev|doc|bin)$' | sort -u)
PKGS=("$KPKG" "${USER_PKGS[@]}" "${DEP_PKGS[@]}")
say "packages: ${PKGS[*]}"

# --- download (cached) -------------------------------------------------------------------------
cd "$DEBS"
for p in "${PKGS[@]}"; do
  ver="$(acache policy "$p" 2>/dev/null | awk '/Candidate:/ { print $2 }')"
  [[ -n "$ver" && "$ver" != "(none)" ]] || { say "skip $p: no candidate in $SUITE (virtual?)"; continue; }
  # apt-get download names files <pkg>_<version with : as %3a>_<arch>.deb
  if ls "${p}_${ver//:/%3a}_"*.deb >/dev/null 2>&1; then continue; fi
  say "downloading $p $ver"
  apt_ download "$p" >"$DEBS/download-$p.log" 2>&1 \
    || { tail -5 "$DEBS/download-$p.log" >&2; fetch_fail "apt-get download $p ($ver) from $MIRROR failed (log: $DEBS/download-$p.log)"; }
done
cd - >/dev/null

# --- unpack ------------------------------------------------------------------------------------
rm -rf "$STAGE"; mkdir -p "$STAGE"
for p in "${PKGS[@]}"; do
  deb="$(ls "$DEBS/${p}_"*.deb 2>/dev/null | sort -V | tail -1 || true)"
  [[ -n "$deb" ]] || continue
  dpkg-deb -x "$deb" "$STAGE"
done
KVER="$( (ls "$STAGE/usr/lib/modules" "$STAGE/lib/modules" 2>/dev/null || true) | grep -E '^[0-9]' | head -1)"
[[ -n "$KVER" ]] || die "kernel package $KPKG has no modules directory"
MODROOT="$STAGE/lib/modules/$KVER"; [[ -d "$MODROOT" ]] || MODROOT="$STAGE/usr/lib/modules/$KVER"
[[ -d "$MODROOT" ]] || die "kernel package $KPKG has no modules directory"
VMLINUZ="$(first_existing "$STAGE"/boot/vmlinuz-*)"
[[ -f "$VMLINUZ" ]] || die "kernel package $KPKG has no /boot/vmlinuz"
find "$MODROOT" -path '*dm-vdo*' -name 'dm-vdo.ko*' | grep -q . || die "$KPKG does not ship drivers/md/dm-vdo/dm-vdo.ko"

# --- modules: dependency closure in load order -------------------------------------------------
declare -A MODPATH=()
while IFS= read -r f; do
  n="$(basename "$f")"; n="${n%%.ko*}"; n="${n//-/_}"; MODPATH[$n]="$f"
done < <(find "$MODROOT/kernel" -name '*.ko*')
BUILTIN="$MODROOT/modules.builtin"
is_builtin() { [[ -f "$BUILTIN" ]] && sed 's#.*/##; s#\.ko$##; s#-#_#g' "$BUILTIN" | grep -qx "$1"; }
ko_plain() { # decompressed copy of a module, cached beside the stage
  local src="$1" out="$CACHE/ko/$(basename "${1%.xz}")"; out="${out%.zst}"
  mkdir -p "$CACHE/ko"
  case "$src" in
    *.xz) xz -dc "$src" > "$out" ;;
    *.zst) zstd -qdc "$src" > "$out" ;;
    *) cp "$src" "$out" ;;
  esac
  echo "$out"
}
ORDER=()
declare -A SEEN=()
visit() { # depth-first: dependencies before dependants
  local m="${1//-/_}"
  [[ -n "${SEEN[$m]:-}" ]] && return; SEEN[$m]=1
  if [[ -z "${MODPATH[$m]:-}" ]]; then
    is_builtin "$m" && return
    die "module $m not found in $KPKG and not built in"
  fi
  local plain deps d
  plain="$(ko_plain "${MODPATH[$m]}")"
  deps="$(readelf -p .modinfo "$plain" 2>/dev/null | sed -n 's/.*depends=//p' | head -1)"
  IFS=',' read -ra darr <<< "$deps"
  for d in "${darr[@]}"; do [[ -n "$d" ]] && visit "$d"; done
  ORDER+=("$plain")
}
for m in virtio_pci virtio_blk dm_mod dm_bufio lz4_compress lz4_decompress dm_vdo; do
  if [[ -z "${MODPATH[$m]:-}" ]] && is_builtin "$m"; then continue; fi
  visit "$m"
done

# --- initramfs tree ----------------------------------------------------------------------------
ROOT="$CACHE/initramfs-root"
rm -rf "$ROOT"; mkdir -p "$ROOT"/{bin,sbin,dev,proc,sys,tmp,results,modules,usr/lib/x86_64-linux-gnu,usr/lib64,etc}
ln -s usr/lib "$ROOT/lib"; ln -s usr/lib64 "$ROOT/lib64"
BB="$(first_existing "$STAGE"/usr/bin/busybox "$STAGE"/bin/busybox)"
[[ -x "$BB" ]] || die "busybox-static did not provide bin/busybox"
cp "$BB" "$ROOT/bin/busybox"
i=0
for ko in "${ORDER[@]}"; do
  printf -v idx '%02d' "$i"; cp "$ko" "$ROOT/modules/$idx-$(basename "$ko")"; i=$((i + 1))
done
find_bin() { local b; for b in "$STAGE"/usr/sbin/"$1" "$STAGE"/sbin/"$1" "$STAGE"/usr/bin/"$1" "$STAGE"/bin/"$1"; do [[ -f "$b" ]] && { echo "$b"; return; }; done; return 1; }
TOOLS=(vdoformat vdostats vdodumpblockmap vdodumpconfig vdoreadonly vdoforcerebuild dmsetup)
for t in "${TOOLS[@]}"; do
  b="$(find_bin "$t")" || { [[ "$t" == vdoformat || "$t" == vdostats || "$t" == vdodumpblockmap || "$t" == dmsetup ]] && die "$t not found in the vdo/dmsetup packages"; continue; }
  cp -L "$b" "$ROOT/sbin/$t"
done
# Shared libraries: NEEDED closure, resolved against the trixie libraries in the stage only
# (the guest must never see host libraries: trixie's glibc is newer than the host's).
LIBDIRS=("$STAGE/usr/lib/x86_64-linux-gnu" "$STAGE/lib/x86_64-linux-gnu")
declare -A LIBSEEN=()
copy_needed() {
  local f="$1" so src d
  for so in $(readelf -d "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    [[ -n "${LIBSEEN[$so]:-}" ]] && continue; LIBSEEN[$so]=1
    src=""
    for d in "${LIBDIRS[@]}"; do [[ -e "$d/$so" ]] && { src="$d/$so"; break; }; done
    [[ -n "$src" ]] || die "shared library $so (needed by $(basename "$f")) not found in the $SUITE packages; add its package to build-guest.sh"
    cp -L "$src" "$ROOT/usr/lib/x86_64-linux-gnu/$so"
    copy_needed "$src"
  done
}
for t in "$ROOT"/sbin/*; do copy_needed "$t"; done
LDSO="$(first_existing "$STAGE"/usr/lib64/ld-linux-x86-64.so.2 "$STAGE"/lib64/ld-linux-x86-64.so.2 "$STAGE"/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2)"
[[ -n "$LDSO" ]] || die "libc6 did not provide ld-linux-x86-64.so.2"
cp -L "$LDSO" "$ROOT/usr/lib64/ld-linux-x86-64.so.2"
cp "$HERE/guest/init" "$ROOT/init"; chmod 755 "$ROOT/init"

# Versions for reports.
VDO_VER="$(dpkg-deb -f "$(ls "$DEBS"/vdo_*.deb | sort -V | tail -1)" Version)"
KPKG_VER="$(dpkg-deb -f "$(ls "$DEBS/${KPKG}_"*.deb | sort -V | tail -1)" Version)"
# dm-vdo.ko carries no version= tag; the guest reports its target version (results/dm-targets.txt).
{
  echo "KERNEL_RELEASE=$KVER"
  echo "KERNEL_PACKAGE=$KPKG"
  echo "KERNEL_PACKAGE_VERSION=$KPKG_VER"
  echo "VDO_PACKAGE_VERSION=$VDO_VER"
  echo "DMSETUP_PACKAGE_VERSION=$(dpkg-deb -f "$(ls "$DEBS"/dmsetup_*.deb | sort -V | tail -1)" Version)"
  echo "SUITE=$SUITE"
  echo "MODULES=\"$(cd "$ROOT/modules" && ls | tr '\n' ' ')\""
} > "$ROOT/etc/guest.env"

mkdir -p "$GUEST"
( cd "$ROOT" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet --owner=0:0 ) | gzip -1 > "$GUEST/initramfs.cpio.gz.tmp"
mv "$GUEST/initramfs.cpio.gz.tmp" "$GUEST/initramfs.cpio.gz"
cp "$VMLINUZ" "$GUEST/vmlinuz"
cp "$ROOT/etc/guest.env" "$GUEST/guest.env"
echo "$INPUTS_HASH" > "$GUEST/stamp"
say "guest ready: kernel $KVER ($KPKG $KPKG_VER), vdo $VDO_VER; modules: $(cd "$ROOT/modules" && ls | tr '\n' ' ')"
echo "$GUEST"
