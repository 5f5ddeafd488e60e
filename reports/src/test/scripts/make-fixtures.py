#!/usr/bin/env python3
"""Writes the SYNTHETIC report test fixtures in reports/src/test/resources/report/synthetic-run/.

The numbers are invented (shaped like a 2-core run: bandwidth rising with block size, jobs saturating,
the software-path "iaa" policy within a few % of lz4) so the report has something realistic to draw.
They are NOT measurements and every file says so in its first line. Deterministic: fixed seed.
conformance.csv and hostile.csv are the exception: an excerpt of the conformance suite's REAL output,
labelled as such in their first lines (see --conformance-target below).
Usage: python3 make-fixtures.py [OUTDIR] [--conformance-target CONFORMANCE_TARGET_DIR]
"""
import csv, math, os, random, statistics, sys

args = sys.argv[1:]
target = None
if "--conformance-target" in args:
    i = args.index("--conformance-target")
    target = args[i + 1]
    del args[i:i + 2]
out = args[0] if args else os.path.join(os.path.dirname(__file__), "../resources/report/synthetic-run")
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

# conformance.csv and hostile.csv are NOT synthetic: they are an excerpt of the conformance suite's real
# output (the suite owns that format). With --conformance-target DIR (the suite's conformance/target) they
# are re-cut from DIR; without it the excerpt already in OUTDIR is left as it is.
EXCERPT_PRODUCERS = ["zlib:impl=jdk,level=6", "isal:level=1", "zlib:impl=ffm,window=4k,level=6",
                     "qpl:path=software,huffman=fixed,level=default,verify=on",
                     "qpl:path=hardware,huffman=fixed,level=default,verify=on", "lz4:impl=ffm", "lz4:impl=jni",
                     "lz4:impl=java", "hostile"]
EXCERPT_KINDS = {"fio60", "text"}

def excerpt_note(src, what):
    import subprocess
    commit = subprocess.run(["git", "-C", target, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "unknown"
    return ("# EXCERPT OF REAL conformance-suite output (not synthetic): " + what + " of " + src + ",\n"
            "# written at vdobench commit " + commit + " by `JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 mvn -B -q -pl conformance -am test` on a 2-core"
            " VM without IAA hardware\n# (qpl hardware rows are skipped there); cut by reports/src/test/scripts/"
            "make-fixtures.py --conformance-target\n")

if target:
    src = os.path.join(target, "conformance.csv")
    with open(src, newline="") as f:
        lines = f.read().splitlines(keepends=True)
    keep = [lines[0]]
    for line in lines[1:]:
        r = next(csv.reader([line]))
        hostile = r[0] == "hostile"
        if r[0] in EXCERPT_PRODUCERS and (hostile or r[3] in EXCERPT_KINDS):
            keep.append(line)  # byte for byte as the suite wrote it
    with open(os.path.join(out, "conformance.csv"), "w", newline="") as f:
        f.write(excerpt_note("conformance/target/conformance.csv",
                             "the rows of producers " + ", ".join(EXCERPT_PRODUCERS) + " on data kinds "
                             + "/".join(sorted(EXCERPT_KINDS)) + " (hostile rows: all)"))
        f.writelines(keep)
    with open(os.path.join(target, "hostile.csv"), newline="") as f:
        hostile_text = f.read()
    with open(os.path.join(out, "hostile.csv"), "w", newline="") as f:
        f.write(excerpt_note("conformance/target/hostile.csv", "all rows"))
        f.write(hostile_text)

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
