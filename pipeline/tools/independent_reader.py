#!/usr/bin/env python3
"""An independent reader for packed blocks, to cross-check the Java pipeline and inspector.

Re-implements dm-vdo's fragment lookup (packer.c vdo_get_compressed_block_fragment: exact version
1.0, running sums < 4060, offset + size <= 4060) plus the tagged 2.0 extension from FORMAT.md, and
decodes with the *system* liblz4 (LZ4_decompress_safe, as the kernel does) and Python's zlib (raw
inflate). Prints one line per fragment: block slot algorithm compressed_size sha256|ERROR.

    python3 pipeline/tools/independent_reader.py IMAGE
"""
import ctypes
import ctypes.util
import hashlib
import struct
import sys
import zlib

DATA = 4060
lz4 = ctypes.CDLL(ctypes.util.find_library('lz4') or 'liblz4.so.1')
lz4.LZ4_decompress_safe.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int]
lz4.LZ4_decompress_safe.restype = ctypes.c_int


def fragments(block):
    major, minor = struct.unpack_from('<II', block, 0)
    if (major, minor) not in ((1, 0), (2, 0)):
        return []
    fields = struct.unpack_from('<14H', block, 8)
    n = 0
    while n < 14 and fields[n]:
        n += 1
    if n < 2 or any(fields[n:]):
        return []
    sizes = [f & 0xFFF if major == 2 else f for f in fields]
    tags = [f >> 12 if major == 2 else 1 for f in fields]
    if sum(sizes[:n]) > DATA or any(s == 0 or s > 4059 for s in sizes[:n]):
        return []
    if major == 2 and any(t not in (1, 2, 3) for t in tags[:n]):
        return []
    out = []
    for slot in range(n):
        offset = 0
        ok = True
        for i in range(slot):
            offset += sizes[i]
            if offset >= DATA:
                ok = False
        if not ok or offset + sizes[slot] > DATA:
            out.append((slot, tags[slot], sizes[slot], None))
            continue
        out.append((slot, tags[slot], sizes[slot], block[36 + offset:36 + offset + sizes[slot]]))
    return out


def decode(tag, frag):
    if tag == 1:
        dst = ctypes.create_string_buffer(4096)
        n = lz4.LZ4_decompress_safe(frag, dst, len(frag), 4096)
        return dst.raw if n == 4096 else None
    d = zlib.decompressobj(-15)
    try:
        out = d.decompress(frag, 4097)
    except zlib.error:
        return None
    return out if len(out) == 4096 and d.eof and not d.unused_data else None


def main(path):
    names = {1: 'LZ4', 2: 'DEFLATE_IAA', 3: 'DEFLATE_CPU'}
    with open(path, 'rb') as f:
        index = 0
        while True:
            block = f.read(4096)
            if len(block) < 4096:
                break
            for slot, tag, size, frag in fragments(block):
                plain = decode(tag, frag) if frag is not None else None
                print(index, slot, names.get(tag, tag), size, hashlib.sha256(plain).hexdigest() if plain else 'ERROR')
            index += 1


if __name__ == '__main__':
    main(sys.argv[1])
