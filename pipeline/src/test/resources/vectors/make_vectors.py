#!/usr/bin/env python3
"""Writes the compressed-block vector files of this folder, independently of the Java code.

LZ4 fragments are built by hand from the LZ4 block format (one literal, one long match, five final
literals); DEFLATE fragments come from Python's zlib (raw, wbits=-15). Run from this folder:
    python3 make_vectors.py
"""
import hashlib
import struct
import zlib

BLOCK = 4096
DATA = 4060


def lz4_run(byte):
    """Raw LZ4 block decoding to 4096 copies of `byte`: literal, match of 4090 at offset 1, 5 literals."""
    match_extra = 4090 - 4 - 15          # 4071 = 15 * 255 + 246
    seq = bytes([0x1F, byte]) + struct.pack('<H', 1) + b'\xff' * 15 + bytes([246])
    last = bytes([0x50]) + bytes([byte]) * 5
    assert match_extra == 15 * 255 + 246
    return seq + last


def raw_deflate(data, level):
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def text_block(seed):
    words = b'the packer writes a compressed block with fourteen slots and a header '
    out = bytearray()
    i = seed
    while len(out) < BLOCK:
        out += words[i % 17:] + str(i).encode() + b' '
        i += 7
    return bytes(out[:BLOCK])


def block(major, minor, fields, fragments, stale):
    hdr = struct.pack('<II', major, minor) + b''.join(struct.pack('<H', f) for f in fields + [0] * (14 - len(fields)))
    data = b''.join(fragments)
    data += stale * (DATA - len(data))
    return hdr + data[:DATA]


def write(name, blk, originals, tags, lines):
    assert len(blk) == BLOCK
    with open(name, 'wb') as f:
        f.write(blk)
    for slot, (orig, tag) in enumerate(zip(originals, tags)):
        lines.append('%s\t%d\t%s\t%s' % (name, slot, tag, hashlib.sha256(orig).hexdigest()))


lines = ['# file\tslot\talgorithm\tsha256 of the 4096 decoded bytes']
a, b = b'A' * BLOCK, b'B' * BLOCK
fa, fb = lz4_run(0x41), lz4_run(0x42)
# dm-vdo 1.0 block: two LZ4 fragments; the rest of the data area holds stale bytes (0x5A), as dm-vdo leaves it.
write('v1-lz4-two-fragments.bin', block(1, 0, [len(fa), len(fb)], [fa, fb], b'\x5a'), [a, b], ['LZ4', 'LZ4'], lines)
# Tagged 2.0 block: LZ4, DEFLATE_IAA (tag 2), DEFLATE_CPU (tag 3); field = tag << 12 | size.
t1, t2 = text_block(1), text_block(2)
d1, d2 = raw_deflate(t1, 1), raw_deflate(t2, 9)
write('v2-tagged-three-fragments.bin',
      block(2, 0, [0x1000 | len(fa), 0x2000 | len(d1), 0x3000 | len(d2)], [fa, d1, d2], b'\xa5'),
      [a, t1, t2], ['LZ4', 'DEFLATE_IAA', 'DEFLATE_CPU'], lines)
with open('blocks.tsv', 'w') as f:
    f.write('\n'.join(lines) + '\n')


def header(major, minor, fields):
    return (struct.pack('<II', major, minor)
            + b''.join(struct.pack('<H', f) for f in fields + [0] * (14 - len(fields)))).hex()


# Header validation cases, dm-vdo rule order (packer.c vdo_get_compressed_block_fragment) + tagged rule 6.
# expect: "ok <version> <data offset> <size> <algorithm>" or "invalid <rule number>".
cases = [
    ('v1 slot 0', header(1, 0, [26, 27]), 2, 'ok 1.0 0 26 LZ4'),
    ('v1 slot 1', header(1, 0, [26, 27]), 3, 'ok 1.0 26 27 LZ4'),
    ('v1 zero-size slot validates', header(1, 0, [26, 27]), 4, 'ok 1.0 53 0 LZ4'),
    ('v1 last slot (state 15)', header(1, 0, [10] * 14), 15, 'ok 1.0 130 10 LZ4'),
    ('state 0 unmapped', header(1, 0, [26, 27]), 0, 'invalid 1'),
    ('state 1 uncompressed', header(1, 0, [26, 27]), 1, 'invalid 1'),
    ('version 1.1', header(1, 1, [26, 27]), 2, 'invalid 2'),
    ('version 0.0', header(0, 0, [26, 27]), 2, 'invalid 2'),
    ('version 2.1', header(2, 1, [0x1000 | 26]), 2, 'invalid 2'),
    ('version 3.0', header(3, 0, [26, 27]), 2, 'invalid 2'),
    ('version big-endian 1.0', (struct.pack('>II', 1, 0) + b'\0' * 28).hex(), 2, 'invalid 2'),
    ('state 16 (slot 14)', header(1, 0, [10] * 14), 16, 'invalid 3'),
    ('running sum reaches 4060', header(1, 0, [4059, 1, 5]), 4, 'invalid 4'),
    ('offset 4059 size 1 fits exactly', header(1, 0, [4059, 1, 5]), 3, 'ok 1.0 4059 1 LZ4'),
    ('first running sum 4060', header(1, 0, [4060, 0]), 3, 'invalid 4'),
    ('end past 4060', header(1, 0, [4000, 61]), 3, 'invalid 5'),
    ('earlier slot unaffected by bad later slot', header(1, 0, [4000, 61]), 2, 'ok 1.0 0 4000 LZ4'),
    ('later garbage 0xffff, slot 1 fine', header(1, 0, [10, 20, 0xFFFF]), 3, 'ok 1.0 10 20 LZ4'),
    ('later garbage 0xffff itself', header(1, 0, [10, 20, 0xFFFF]), 4, 'invalid 5'),
    ('single fragment of 4060', header(1, 0, [4060]), 2, 'ok 1.0 0 4060 LZ4'),
    ('tagged slot 0 LZ4', header(2, 0, [0x1000 | 26, 0x2000 | 100, 0x3000 | 50]), 2, 'ok 2.0 0 26 LZ4'),
    ('tagged slot 1 IAA', header(2, 0, [0x1000 | 26, 0x2000 | 100, 0x3000 | 50]), 3, 'ok 2.0 26 100 DEFLATE_IAA'),
    ('tagged slot 2 CPU', header(2, 0, [0x1000 | 26, 0x2000 | 100, 0x3000 | 50]), 4, 'ok 2.0 126 50 DEFLATE_CPU'),
    ('tagged empty slot', header(2, 0, [0x1000 | 26, 0x2000 | 100, 0x3000 | 50]), 5, 'invalid 6'),
    ('tagged unknown tag 15', header(2, 0, [0x1000 | 26, 0xF000 | 10]), 3, 'invalid 6'),
    ('tagged 12-bit size 4095 ends past 4060', header(2, 0, [0x1FFF]), 2, 'invalid 5'),
    ('tagged running sum uses 12-bit sizes', header(2, 0, [0x2000 | 4059, 0x1000 | 1]), 3, 'ok 2.0 4059 1 LZ4'),
    ('tagged block read as 1.0 would fail', header(1, 0, [0x1000 | 26, 0x2000 | 100]), 2, 'invalid 5'),
]
with open('header-cases.tsv', 'w') as f:
    f.write('# name\theader (36 bytes hex)\tmapping state\texpect\n')
    for c in cases:
        f.write('%s\t%s\t%d\t%s\n' % c)
