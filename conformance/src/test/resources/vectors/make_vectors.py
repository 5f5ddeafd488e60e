#!/usr/bin/env python3
"""Writes the packed-block vectors of this folder, independently of the Java code under test.

LZ4 fragments come from the system liblz4 (LZ4_compress_default through ctypes: the C library the
kernel's LZ4 derives from); DEFLATE fragments from Python's zlib (raw streams). Headers are packed
with struct from the dm-vdo layout (vdo-facts.md section 1). Deterministic: no randomness except
SHA-256-derived bytes. Run from this folder:  python3 make_vectors.py
"""
import ctypes
import hashlib
import struct
import zlib

BLOCK = 4096
DATA = 4060
LZ4 = ctypes.CDLL('liblz4.so.1')


def lz4(data):
    cap = LZ4.LZ4_compressBound(len(data))
    out = ctypes.create_string_buffer(cap)
    n = LZ4.LZ4_compress_default(data, out, len(data), cap)
    assert n > 0
    return out.raw[:n]


def raw_deflate(data, level, wbits):
    c = zlib.compressobj(level, zlib.DEFLATED, wbits)
    return c.compress(data) + c.flush()


def prng(label, n):
    """n deterministic pseudo-random bytes (SHA-256 in counter mode)."""
    out = bytearray()
    i = 0
    while len(out) < n:
        out += hashlib.sha256(label.encode() + struct.pack('<I', i)).digest()
        i += 1
    return bytes(out[:n])


def text_block(i):
    words = b'the packer writes a compressed block with fourteen slots and a header of sizes '
    out = bytearray()
    k = i
    while len(out) < BLOCK:
        out += words[k % 23:] + str(k).encode() + b' '
        k += 13
    return bytes(out[:BLOCK])


def fio_like(i, pct):
    """fio-style: per 512-byte chunk, random bytes then zeros (pct % compressible)."""
    out = bytearray()
    rnd = 512 - 512 * pct // 100
    for c in range(BLOCK // 512):
        out += prng('fio%d-%d-%d' % (pct, i, c), rnd) + bytes(512 - rnd)
    return bytes(out)


def small_block(i):
    """Highly compressible, distinct per i: a 16-byte pattern repeated, so the LZ4 fragment is small."""
    return (prng('small-%d' % i, 16) * (BLOCK // 16))


def block(major, minor, fields, fragments, stale_label):
    assert len(fields) <= 14
    hdr = struct.pack('<II', major, minor) + b''.join(struct.pack('<H', f) for f in fields + [0] * (14 - len(fields)))
    data = b''.join(fragments)
    assert len(data) <= DATA
    data += prng(stale_label, DATA - len(data))  # stale bytes after the last fragment, never zero
    return hdr + data


rows = []


def emit(name, blk, originals, algorithms, version):
    assert len(blk) == BLOCK
    with open(name, 'wb') as f:
        f.write(blk)
    off = 0
    for slot, (orig, alg) in enumerate(zip(originals, algorithms)):
        size = struct.unpack_from('<H', blk, 8 + 2 * slot)[0]
        if version == '2.0':
            size &= 0x0FFF
        rows.append('%s\t%d\tok %s %d %d %s %s' % (name, slot + 2, version, off, size, alg,
                                                   hashlib.sha256(orig).hexdigest()))
        off += size


# 1. two LZ4 fragments, twelve zero-size trailing slots, stale tail
two = [text_block(1), fio_like(2, 60)]
frags = [lz4(b) for b in two]
emit('v1-two-fragments.bin', block(1, 0, [len(f) for f in frags], frags, 'stale-two'), two, ['LZ4'] * 2, '1.0')

# 2. fourteen LZ4 fragments (every slot used), stale tail
fourteen = [small_block(i) for i in range(12)] + [text_block(40), fio_like(41, 90)]
frags = [lz4(b) for b in fourteen]
assert sum(len(f) for f in frags) <= DATA, sum(len(f) for f in frags)
emit('v1-fourteen-fragments.bin', block(1, 0, [len(f) for f in frags], frags, 'stale-14'), fourteen, ['LZ4'] * 14, '1.0')

# 3. tagged 2.0, mixed algorithms in one block: LZ4, DEFLATE_IAA (4 KiB-window raw deflate, as IAA
#    writes), DEFLATE_CPU (32 KiB-window raw deflate), LZ4
mixed = [text_block(7), fio_like(8, 60), text_block(9), fio_like(10, 90)]
frags = [lz4(mixed[0]), raw_deflate(mixed[1], 6, -12), raw_deflate(mixed[2], 9, -15), lz4(mixed[3])]
tags = [1, 2, 3, 1]
emit('v2-mixed-algorithms.bin', block(2, 0, [t << 12 | len(f) for t, f in zip(tags, frags)], frags, 'stale-v2'),
     mixed, ['LZ4', 'DEFLATE_IAA', 'DEFLATE_CPU', 'LZ4'], '2.0')

with open('blocks.tsv', 'w') as f:
    f.write('# file\tmapping state\texpect: ok <version> <data offset> <size> <algorithm> <sha256 of the 4096 decoded bytes>\n')
    for r in rows:
        f.write(r + '\n')
