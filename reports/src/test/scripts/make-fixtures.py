#!/usr/bin/env python3
"""Writes the SYNTHETIC report test fixtures in reports/src/test/resources/report/synthetic-run/.

The numbers are invented (shaped like a 2-core run: bandwidth rising with block size, jobs saturating,
the software-path "iaa" policy within a few % of lz4) so the report has something realistic to draw.
They are NOT measurements and every file says so in its first line. Deterministic: fixed seed.
Usage: python3 make-fixtures.py [OUTDIR]
"""
import csv, math, os, random, statistics, sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../resources/report/synthetic-run")
os.makedirs(out, exist_ok=True)
rnd = random.Random(20261124)
NOTE = "# SYNTHETIC TEST FIXTURE: invented numbers for the report tests, not a measurement\n"
patterns = ["write", "read", "randwrite", "randread"]
sizes = [4096, 8192, 16384, 32768, 65536, 131072]
jobs = [1, 8, 16]

def bandwidth(p, bs, j, policy):
    base = {"write": 420, "read": 900, "randwrite": 360, "randread": 780}[p]
    size_gain = 1 + 0.55 * math.log2(bs / 4096)           # bigger I/Os amortise per-request work
    job_gain = {1: 1.0, 8: 1.75, 16: 1.8}[j]                # two cores: saturates early
    v = base * size_gain * job_gain
    if policy == "iaa":
        # software deflate: slower to compress, a little faster to read back smaller fragments
        v *= (0.93 if p.endswith("write") else 1.02) + rnd.uniform(-0.05, 0.06)
    return v * rnd.uniform(0.985, 1.015)

rows = []
for p in patterns:
    for bs in sizes:
        for j in jobs:
            for policy in ["lz4", "iaa"]:
                mbs = bandwidth(p, bs, j, policy)
                write = p.endswith("write")
                ratio = 2.38 if policy == "lz4" else 2.46
                lat = bs / (mbs * 1e6 / j) * 1e6
                rows.append({
                    "pattern": p, "block_size": bs, "jobs": j, "policy": policy,
                    "codec": "lz4:impl=jni" if policy == "lz4" else "qpl:path=software,huffman=fixed",
                    "executed_path": "jni" if policy == "lz4" else "software",
                    "mb_per_s": round(mbs, 1), "mb_per_s_error": round(mbs * rnd.uniform(0.01, 0.04), 1),
                    "ops_per_s": round(mbs * 1e6 / bs, 0),
                    "p50_us": round(lat * 0.9, 1), "p99_us": round(lat * 2.6, 1), "p999_us": round(lat * 6.5, 1),
                    "compression_ratio": ratio if write else "", "space_saving_pct": 50.0 if write else "",
                    "fragments_per_packed_block": 2.0 if write else "",
                    "fallback_unavailable": 0, "fallback_not_compressible": rnd.randint(0, 3) if write else 0,
                    "fallback_error": 0, "source": "jmh"})
with open(os.path.join(out, "results.csv"), "w", newline="") as f:
    f.write(NOTE)
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)

desc = {"write": "sequential write", "read": "sequential read", "randwrite": "random write", "randread": "random read"}
def label(bs):
    return f"{bs // 1024}K"
with open(os.path.join(out, "summary.csv"), "w", newline="") as f:
    f.write(NOTE)
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["pattern", "policy_a", "policy_b", "avg_change_pct", "median_change_pct", "wins", "cases",
                "best_case", "best_from", "best_to", "best_change_pct"])
    for p in patterns:
        ch = []
        for bs in sizes:
            for j in jobs:
                a = next(r for r in rows if (r["pattern"], r["block_size"], r["jobs"], r["policy"]) == (p, bs, j, "lz4"))
                b = next(r for r in rows if (r["pattern"], r["block_size"], r["jobs"], r["policy"]) == (p, bs, j, "iaa"))
                ch.append((100 * (b["mb_per_s"] - a["mb_per_s"]) / a["mb_per_s"], bs, j, a["mb_per_s"], b["mb_per_s"]))
        best = max(ch)
        w.writerow([p, "lz4", "iaa", round(statistics.mean(c[0] for c in ch), 2), round(statistics.median(c[0] for c in ch), 2),
                    sum(1 for c in ch if c[0] > 0), len(ch), f"{desc[p]} {label(best[1])} {best[2]} job{'s' if best[2] > 1 else ''}",
                    best[3], best[4], round(best[0], 2)])

codecs = [  # id, compress MB/s at 4K, decompress MB/s at 4K, ratio at 4K, path
    ("lz4:impl=jni", 620, 2400, 2.38, "jni"), ("lz4:impl=java", 430, 1500, 2.38, "java"),
    ("lz4:impl=ffm", 640, 2600, 2.38, "ffm"),
    ("zlib:impl=jdk,level=1", 95, 330, 2.52, "jdk"), ("zlib:impl=jdk,level=6", 60, 350, 2.58, "jdk"),
    ("zlib:impl=jdk,level=9", 38, 355, 2.59, "jdk"),
    ("qpl:path=software,huffman=fixed", 290, 780, 2.33, "software"),
    ("qpl:path=software,huffman=dynamic", 170, 760, 2.49, "software"),
    ("isal:level=0", 820, 900, 1.93, "ffm"), ("isal:level=1", 430, 920, 2.41, "ffm"), ("isal:level=3", 160, 930, 2.55, "ffm"),
    ("libdeflate:level=1", 180, 1100, 2.50, "ffm"), ("libdeflate:level=6", 90, 1150, 2.59, "ffm"),
    ("libdeflate:level=12", 14, 1150, 2.61, "ffm")]
with open(os.path.join(out, "codec-bench.csv"), "w", newline="") as f:
    f.write(NOTE)
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["codec", "block_size", "data", "compress_mb_s", "compress_mb_s_error", "decompress_mb_s",
                "decompress_mb_s_error", "ratio", "executed_path"])
    for cid, c, d, r, path in codecs:
        for bs, k in [(4096, 1.0), (65536, 1.35)]:
            cc, dd = c * k * rnd.uniform(0.97, 1.03), d * k * rnd.uniform(0.97, 1.03)
            rr = r if cid.startswith("qpl") else r * (1.02 if bs > 4096 else 1.0)
            w.writerow([cid, bs, "FIO60", round(cc, 1), round(cc * 0.03, 1), round(dd, 1), round(dd * 0.03, 1), round(rr, 3), path])

ids = ["lz4:impl=jni", "zlib:impl=jdk,level=6", "zlib:impl=system,window=12", "qpl:path=software,huffman=fixed",
       "isal:level=1", "libdeflate:level=6"]
def deflate(i):
    return not i.startswith("lz4")
with open(os.path.join(out, "conformance.csv"), "w", newline="") as f:
    f.write(NOTE)
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["producer", "consumer", "block_size", "data_kind", "expected", "outcome", "detail"])
    for prod in ids:
        for cons in ids:
            if deflate(prod) != deflate(cons):
                continue  # LZ4 and DEFLATE fragments are told apart by their tag, never cross-decoded
            for bs in sizes:
                for kind in ["FIO60", "TEXT"]:
                    # QPL (IAA) only reads 4 KiB-window streams: a 32 KiB-window producer beyond 4 KiB must be refused.
                    wide = prod in ("zlib:impl=jdk,level=6", "isal:level=1", "libdeflate:level=6")
                    exp = "fail" if cons.startswith("qpl") and wide and bs > 4096 else "decode"
                    outc, det = exp, ("CorruptFragmentException: QPL_STS_BAD_DIST_ERR" if exp == "fail" else "")
                    w.writerow([prod, cons, bs, kind, exp, outc, det])

with open(os.path.join(out, "hostile.csv"), "w", newline="") as f:
    f.write(NOTE)
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["consumer", "mutation", "cases", "rejected", "decoded_ok", "wrong", "errors"])
    for cons in ids:
        for mut, n in [("truncate", 400), ("bitflip", 1000), ("random", 500), ("oversize", 100)]:
            wrong = rnd.randint(5, 40) if mut == "bitflip" else 0
            ok = rnd.randint(0, 5) if mut == "bitflip" else 0
            w.writerow([cons, mut, n, n - wrong - ok, ok, wrong, 0])

with open(os.path.join(out, "environment.properties"), "w") as f:
    f.write(NOTE + """run.label=synthetic fixture (not a measurement)
schema.version=1
timestamp=2026-11-24T09:00:00Z
cpu.model=(fixture) 2-core x86_64 VM
cpu.cores=2
jdk=(fixture) Temurin 25
os=(fixture) Debian GNU/Linux 12 (bookworm)
iaa.devices=0
qpl.path=software
qpl.version=(fixture)
profile=quick
git.commit=(fixture)
codec.lz4\\:impl\\=jni.path=jni
codec.qpl\\:path\\=software,huffman\\=fixed.path=software
""")
print("fixtures written to", out)
