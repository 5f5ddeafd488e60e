#!/bin/sh
# Builds the C reference bench (native/bench/cbench.c) with the system compiler at -O2 against the
# system liblz4, ISA-L, libdeflate and zlib; adds the libqpl software path when native/provision.sh
# has put libqpl under native/target/{include,lib}.
# Output: native/target/bench/cbench (override with OUT=dir). Usage of the binary: run it without arguments.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
target=$(cd "$here/.." && pwd)/target
out=${OUT:-$target/bench}
cc=${CC:-cc}
mkdir -p "$out"

qpl=""
if [ -f "$target/include/qpl/qpl.h" ] && [ -f "$target/lib/libqpl.so" ]; then
    qpl="-DHAVE_QPL -I$target/include -L$target/lib -Wl,-rpath,$target/lib -lqpl"
    echo "cbench: with libqpl (software path) from $target/lib" >&2
else
    echo "cbench: without libqpl (no $target/include/qpl/qpl.h + $target/lib/libqpl.so; run native/provision.sh)" >&2
fi
# shellcheck disable=SC2086 # $qpl is a list of flags
"$cc" -O2 -std=c11 -Wall -Wextra -o "$out/cbench" "$here/cbench.c" $qpl -lisal -ldeflate -lz -llz4
echo "$out/cbench" >&2
