#!/usr/bin/env bash
# Makes the native libraries the FFM backends need available, and caches what it builds under
# native/target/ (lib/, include/, MANIFEST). Idempotent: a second run only checks.
#
#   native/provision.sh           provision (apt packages if missing, libqpl, layout printer)
#   native/provision.sh --check   only report what is there; change nothing
#   native/provision.sh --print-mirror   print the Debian mirror read from this machine's apt sources
#
# libqpl: a system libqpl is used when one loads. Otherwise Debian unstable's libqpl-dev (static
# libqpl.a + headers) is fetched with `apt-get download` against a TEMPORARY apt configuration whose
# mirror is read from this machine's own apt sources (no registry host is named here), and linked
# into native/target/lib/libqpl.so, with a shim for glibc-2.38 symbols when the local glibc lacks them.
#
# libaccel-config: Debian's libaccel-config1 (the library libqpl dlopens for its hardware path; without it
# a hardware job fails with QPL_STS_INIT_LIBACCEL_NOT_FOUND (501)) and accel-config (the tool that
# configures IAA work queues; `vdobench iaa-doctor` prints its command lines). Both are in Debian 12 and 13.
#
# Exit status is 0 even when an optional library cannot be had (its backend then reports itself
# unavailable, with the reason); such failures are printed loudly as "!!! ..." lines.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TARGET="$HERE/target"
LIB="$TARGET/lib"
INC="$TARGET/include"
CSRC="$HERE/src/main/c"
MANIFEST="$LIB/MANIFEST"
QPL_DEB_PACKAGE=libqpl-dev
QPL_SUITE=unstable
APT_PACKAGES=(libisal-dev libdeflate-dev liblz4-dev zlib1g-dev gcc libaccel-config1 accel-config)
# Where the machine's apt sources live (overridable only to test the mirror detection).
APT_ETC="${VDOBENCH_APT_ETC:-/etc/apt}"

CHECK_ONLY=0
case "${1:-}" in
    --check) CHECK_ONLY=1 ;;
    --print-mirror) ;;
    "") ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "usage: $0 [--check|--print-mirror]" >&2; exit 2 ;;
esac

say()  { echo "provision: $*"; }
loud() { echo "!!! provision: $*" >&2; }
WARNINGS=0
warn() { loud "$*"; WARNINGS=$((WARNINGS + 1)); }

pkg_installed() { [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]; }
pkg_version()   { dpkg-query -W -f='${Version}' "$1" 2>/dev/null; }

# ---------------------------------------------------------------------------------------------
# 1. Debian packages
# ---------------------------------------------------------------------------------------------
apt_packages() {
    local missing=()
    for p in "${APT_PACKAGES[@]}"; do
        if pkg_installed "$p"; then
            say "$p $(pkg_version "$p") already installed"
        else
            missing+=("$p")
        fi
    done
    ((${#missing[@]} == 0)) && return 0
    if ((CHECK_ONLY)); then
        warn "missing Debian packages: ${missing[*]} (run native/provision.sh to install)"
        return 0
    fi
    if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null; then
        warn "missing Debian packages ${missing[*]}, and cannot install them (need root and apt-get)"
        return 0
    fi
    say "installing ${missing[*]} with apt-get"
    # One apt user at a time on shared machines; update once, only because something is missing.
    if ! flock /tmp/apt.lock sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"' apt "${missing[@]}"; then
        warn "apt-get install ${missing[*]} failed; the backends needing them will report themselves unavailable"
    fi
    for p in "${missing[@]}"; do
        pkg_installed "$p" && say "$p $(pkg_version "$p") installed now"
    done
}

# ---------------------------------------------------------------------------------------------
# 2. libqpl
# ---------------------------------------------------------------------------------------------
DLOPEN_CHECK="$TARGET/bin/qpl_dlopen_check"
QPL_VERSION=""
QPL_SOURCE=""
QPL_PATH=""
QPL_INCLUDE=""

build_dlopen_check() {
    [[ -x "$DLOPEN_CHECK" && "$DLOPEN_CHECK" -nt "$CSRC/qpl_dlopen_check.c" ]] && return 0
    command -v gcc >/dev/null || return 1
    mkdir -p "$TARGET/bin" && gcc -O1 -o "$DLOPEN_CHECK" "$CSRC/qpl_dlopen_check.c" -ldl
}

# Prints the library's own version when $1 loads with every symbol resolved.
qpl_loads() {
    [[ -e "$1" ]] || return 1
    build_dlopen_check || return 1
    "$DLOPEN_CHECK" "$1" 2>/dev/null
}

find_system_qpl() {
    local cand
    for cand in $( { ldconfig -p 2>/dev/null | awk '/libqpl\.so/ {print $NF}';
                     ls /usr/lib/x86_64-linux-gnu/libqpl.so* /usr/local/lib/libqpl.so* /usr/local/lib64/libqpl.so* 2>/dev/null;
                     pkg-config --variable=libdir qpl 2>/dev/null | sed 's|$|/libqpl.so|'; } | sort -u); do
        [[ "$cand" == "$LIB"/* ]] && continue
        local v
        if v="$(qpl_loads "$cand")"; then
            QPL_PATH="$cand"; QPL_VERSION="$v"; QPL_SOURCE="system"
            local inc
            inc="$(pkg-config --variable=includedir qpl 2>/dev/null)"
            for d in "$inc" /usr/include /usr/local/include; do
                [[ -n "$d" && -f "$d/qpl/qpl.h" ]] && { QPL_INCLUDE="$d"; break; }
            done
            return 0
        fi
    done
    return 1
}

# The archive mirror this machine already uses: first deb822 URIs of a stanza serving a plain
# release suite (not -security/-updates), else the first such "deb" line of sources.list.
apt_mirror() {
    local f uri
    for f in "$APT_ETC"/sources.list.d/*.sources; do
        [[ -f "$f" ]] || continue
        uri="$(awk '
            BEGIN { RS=""; FS="\n" }
            {
                uris=""; suites=""; types=""
                for (i = 1; i <= NF; i++) {
                    line = $i
                    if (line ~ /^[ \t]*#/) continue
                    if (line ~ /^URIs:/)   { sub(/^URIs:[ \t]*/, "", line); uris = line }
                    if (line ~ /^Suites:/) { sub(/^Suites:[ \t]*/, "", line); suites = line }
                    if (line ~ /^Types:/)  { sub(/^Types:[ \t]*/, "", line); types = line }
                }
                if (types !~ /(^| )deb( |$)/ || uris == "") next
                n = split(suites, s, /[ \t]+/)
                for (k = 1; k <= n; k++) if (s[k] != "" && s[k] !~ /-/) { split(uris, u, /[ \t]+/); print u[1]; exit }
            }' "$f")"
        [[ -n "$uri" ]] && { echo "$uri"; return 0; }
    done
    if [[ -f "$APT_ETC/sources.list" ]]; then
        uri="$(awk '$1 == "deb" {
                  i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                  if ($(i+1) !~ /-/) { print $i; exit } }' "$APT_ETC/sources.list")"
        [[ -n "$uri" ]] && { echo "$uri"; return 0; }
    fi
    return 1
}

apt_keyring() {
    local k
    for k in /usr/share/keyrings/debian-archive-keyring.pgp /usr/share/keyrings/debian-archive-keyring.gpg; do
        [[ -f "$k" ]] && { echo "$k"; return 0; }
    done
    return 1
}

fetch_and_build_qpl() {
    local tmp rc
    tmp="$(mktemp -d /tmp/vdobench-apt.XXXXXX)" || return 1
    fetch_and_build_qpl_in "$tmp"; rc=$?
    rm -rf "$tmp"
    return $rc
}

fetch_and_build_qpl_in() {
    local tmp="$1" mirror keyring deb debver
    if ! command -v gcc >/dev/null; then warn "gcc missing: cannot build libqpl.so"; return 1; fi
    if ! command -v apt-get >/dev/null; then warn "apt-get missing: cannot fetch $QPL_DEB_PACKAGE"; return 1; fi
    if ! mirror="$(apt_mirror)"; then warn "no Debian mirror found in $APT_ETC sources: cannot fetch $QPL_DEB_PACKAGE"; return 1; fi
    if ! keyring="$(apt_keyring)"; then warn "no Debian archive keyring: cannot verify $QPL_SUITE"; return 1; fi
    say "libqpl: fetching $QPL_DEB_PACKAGE from $mirror $QPL_SUITE/main (temporary apt configuration, system apt untouched)"
    mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/etc" "$tmp/dl"
    : > "$tmp/status"
    echo "deb [signed-by=$keyring] $mirror $QPL_SUITE main" > "$tmp/etc/sources.list"
    local opts=(-o "Dir::Etc::sourcelist=$tmp/etc/sources.list" -o "Dir::Etc::sourceparts=-"
                -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp/cache" -o "Dir::State::status=$tmp/status"
                -o "Dir::Etc::preferencesparts=-" -o "Acquire::Languages=none" -o "APT::Sandbox::User=root"
                -o "Debug::NoLocking=1" -q)
    if ! apt-get "${opts[@]}" update >"$tmp/update.log" 2>&1; then
        cat "$tmp/update.log" >&2; warn "apt-get update ($QPL_SUITE) failed"; return 1
    fi
    if ! (cd "$tmp/dl" && apt-get "${opts[@]}" download "$QPL_DEB_PACKAGE" >"$tmp/download.log" 2>&1); then
        cat "$tmp/download.log" >&2; warn "apt-get download $QPL_DEB_PACKAGE failed"; return 1
    fi
    deb="$(ls "$tmp"/dl/*.deb 2>/dev/null | head -1)"
    [[ -n "$deb" ]] || { warn "no .deb downloaded"; return 1; }
    debver="$(dpkg-deb -f "$deb" Version)"
    say "libqpl: got $(basename "$deb") ($debver)"

    rm -rf "$TARGET/qpl-deb" && mkdir -p "$TARGET/qpl-deb" "$LIB" "$INC"
    dpkg -x "$deb" "$TARGET/qpl-deb"
    local archive
    archive="$(find "$TARGET/qpl-deb" -name libqpl.a | head -1)"
    [[ -n "$archive" ]] || { warn "$QPL_DEB_PACKAGE $debver has no libqpl.a"; return 1; }
    rm -rf "$INC/qpl" && cp -r "$(dirname "$(find "$TARGET/qpl-deb" -path '*/include/qpl/qpl.h' | head -1)")" "$INC/qpl"

    local build="$TARGET/qpl-build" shim_used=no
    mkdir -p "$build"
    # First without the shim: a glibc >= 2.38 has the real __isoc23_* and must keep its own.
    if ! gcc -shared -o "$build/libqpl.so" -Wl,-soname,libqpl.so -Wl,-z,defs \
            -Wl,--whole-archive "$archive" -Wl,--no-whole-archive -lstdc++ -lm 2>"$build/link.log"; then
        if grep -q '__isoc23_' "$build/link.log"; then
            say "libqpl: this glibc lacks __isoc23_strtol/strtoll; linking native/src/main/c/isoc23_shim.c in"
            gcc -O2 -fPIC -c "$CSRC/isoc23_shim.c" -o "$build/isoc23_shim.o" || { warn "shim compile failed"; return 1; }
            if ! gcc -shared -o "$build/libqpl.so" -Wl,-soname,libqpl.so -Wl,-z,defs \
                    -Wl,--whole-archive "$archive" -Wl,--no-whole-archive "$build/isoc23_shim.o" \
                    -lstdc++ -lm 2>"$build/link.log"; then
                cat "$build/link.log" >&2; warn "linking libqpl.so failed even with the shim"; return 1
            fi
            shim_used=yes
        else
            cat "$build/link.log" >&2; warn "linking libqpl.so failed"; return 1
        fi
    fi
    # Nothing may stay unresolved except versioned libc/libstdc++ symbols and the usual weak hooks.
    local unresolved
    unresolved="$(nm -D --undefined-only "$build/libqpl.so" | awk '$1 != "w" && $2 !~ /@/ {print $2}')"
    if [[ -n "$unresolved" ]]; then
        warn "libqpl.so has unresolved unversioned symbols: $unresolved"; return 1
    fi
    local v
    if ! v="$(qpl_loads "$build/libqpl.so")"; then
        "$DLOPEN_CHECK" "$build/libqpl.so" >&2; warn "built libqpl.so does not load"; return 1
    fi
    mv -f "$build/libqpl.so" "$LIB/libqpl.so"
    rm -rf "$build" "$TARGET/qpl-deb"
    QPL_PATH="$LIB/libqpl.so"; QPL_VERSION="$v"; QPL_INCLUDE="$INC"
    QPL_SOURCE="built from $QPL_DEB_PACKAGE $debver deb ($QPL_SUITE), isoc23 shim: $shim_used"
    echo "$QPL_SOURCE" > "$LIB/libqpl.source"
    say "libqpl: built $LIB/libqpl.so, library version $v"
}

provision_qpl() {
    local v
    if [[ -e "$LIB/libqpl.so" ]] && v="$(qpl_loads "$LIB/libqpl.so")"; then
        QPL_PATH="$LIB/libqpl.so"; QPL_VERSION="$v"; QPL_INCLUDE="$INC"
        QPL_SOURCE="$(cat "$LIB/libqpl.source" 2>/dev/null || echo "cached build")"
        say "libqpl: cached $LIB/libqpl.so loads (version $v; $QPL_SOURCE)"
        return 0
    fi
    if find_system_qpl; then
        say "libqpl: using system $QPL_PATH (version $QPL_VERSION)"
        [[ -z "$QPL_INCLUDE" ]] && warn "system libqpl has no headers: the qpl_job layout test will be skipped"
        return 0
    fi
    if ((CHECK_ONLY)); then
        warn "libqpl: not provisioned (run native/provision.sh); qpl backends will report themselves unavailable"
        return 0
    fi
    fetch_and_build_qpl || warn "libqpl unavailable: qpl backends will report themselves unavailable"
}

# ---------------------------------------------------------------------------------------------
# 3. qpl_job layout printer (compared with the Java layout by QplLayoutTest)
# ---------------------------------------------------------------------------------------------
layout_printer() {
    [[ -n "$QPL_INCLUDE" ]] || return 0
    local out="$TARGET/qpl_layout.txt"
    if ((CHECK_ONLY)); then
        [[ -f "$out" ]] && say "qpl_job layout: $(grep '^sizeof qpl_job' "$out") (from $out)"
        return 0
    fi
    command -v gcc >/dev/null || { warn "gcc missing: qpl_job layout printer not built"; return 0; }
    mkdir -p "$TARGET/bin"
    if gcc -Wall -I"$QPL_INCLUDE" -o "$TARGET/bin/qpl_layout" "$CSRC/qpl_layout.c" && "$TARGET/bin/qpl_layout" > "$out"; then
        say "qpl_job layout: $(grep '^sizeof qpl_job' "$out"), written to $out"
    else
        warn "qpl_job layout printer failed"
    fi
}

# ---------------------------------------------------------------------------------------------
# 4. MANIFEST: one line per library, tab-separated: name, version, source, path
# ---------------------------------------------------------------------------------------------
so_path() { ldconfig -p 2>/dev/null | awk -v n="$1" '$1 == n {print $NF; exit}'; }

write_manifest() {
    local tmpm
    tmpm="$(mktemp)"
    {
        echo "# vdobench native libraries: name<TAB>version<TAB>source<TAB>path (written by native/provision.sh)"
        if [[ -n "$QPL_PATH" ]]; then
            printf 'libqpl\t%s\t%s\t%s\n' "$QPL_VERSION" "$QPL_SOURCE" "$QPL_PATH"
        else
            printf 'libqpl\t-\tunavailable\t-\n'
        fi
        local spec name pkg so
        for spec in libisal:libisal-dev:libisal.so.2 libdeflate:libdeflate-dev:libdeflate.so.0 \
                    liblz4:liblz4-dev:liblz4.so.1 zlib:zlib1g-dev:libz.so.1 \
                    libaccel-config:libaccel-config1:libaccel-config.so.1; do
            IFS=: read -r name pkg so <<<"$spec"
            if pkg_installed "$pkg"; then
                printf '%s\t%s\tsystem (Debian %s)\t%s\n' "$name" "$(pkg_version "$pkg")" "$pkg" "$(so_path "$so")"
            else
                printf '%s\t-\tunavailable (%s not installed)\t-\n' "$name" "$pkg"
            fi
        done
    } > "$tmpm"
    if ((CHECK_ONLY)); then
        say "manifest would read:"; sed 's/^/    /' "$tmpm"; rm -f "$tmpm"
    else
        mkdir -p "$LIB" && mv -f "$tmpm" "$MANIFEST" && chmod 644 "$MANIFEST"
        say "wrote $MANIFEST:"; sed 's/^/    /' "$MANIFEST"
    fi
}

if [[ "${1:-}" == "--print-mirror" ]]; then
    apt_mirror || { loud "no Debian mirror found in $APT_ETC"; exit 1; }
    exit 0
fi

apt_packages
provision_qpl
layout_printer
write_manifest
if ((WARNINGS)); then
    loud "$WARNINGS problem(s) above; the affected backends report themselves unavailable"
else
    say "all native libraries available"
fi
exit 0
