#!/usr/bin/env python3
"""Where this machine's speed noise lives (issue 14, part 5): one busy process per CPU, each doing the same
fixed chunk of work back to back for SECONDS and recording when each chunk ended. Prints, per averaging time tau,
the Allan deviation of each CPU's speed (how much the speed of one tau-long window differs from the next one's)
and the correlation of the two CPUs' speeds over the same windows.

  scripts/cpu-speed-probe.py [SECONDS]      (default 60; run it on an otherwise idle machine)

Reading it: noise that falls with tau is fast jitter that longer forks average away; noise that stays flat or
grows is drift that only pairing (A next to B) cancels, and then only when the pair is shorter than tau. A high
correlation between CPUs means the host slows both at once, so A and B run at the same time on the two CPUs
(duet benchmarking) would see the same slowdowns."""
import math
import os
import sys
import time
from multiprocessing import Process, Queue


def work(cpu, seconds, q):
    os.sched_setaffinity(0, {cpu})
    ends = []
    x = 0
    stop = time.perf_counter() + seconds
    while True:
        for i in range(20000):  # one chunk: ~1 ms of interpreter work
            x ^= i * 2654435761
        t = time.perf_counter()
        ends.append(t)
        if t >= stop:
            break
    q.put((cpu, ends))


def rates(ends, t0, t1, tau):
    """Chunks completed per second in each tau-long window between t0 and t1."""
    n = int((t1 - t0) / tau)
    counts = [0] * n
    for t in ends:
        k = int((t - t0) / tau)
        if 0 <= k < n:
            counts[k] += 1
    return [c / tau for c in counts]


def allan(r):
    d = [(r[i + 1] - r[i]) ** 2 for i in range(len(r) - 1)]
    mean = sum(r) / len(r)
    return math.sqrt(sum(d) / (2 * len(d))) / mean if d and mean > 0 else float("nan")


def corr(a, b):
    n = min(len(a), len(b))
    a, b = a[:n], b[:n]
    ma, mb = sum(a) / n, sum(b) / n
    sa = math.sqrt(sum((x - ma) ** 2 for x in a))
    sb = math.sqrt(sum((y - mb) ** 2 for y in b))
    return sum((x - ma) * (y - mb) for x, y in zip(a, b)) / (sa * sb) if sa > 0 and sb > 0 else float("nan")


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    cpus = sorted(os.sched_getaffinity(0))[:2]
    q = Queue()
    ps = [Process(target=work, args=(c, seconds, q)) for c in cpus]
    for p in ps:
        p.start()
    got = dict(q.get() for _ in ps)
    for p in ps:
        p.join()
    t0 = max(e[0] for e in got.values())
    t1 = min(e[-1] for e in got.values())
    print(f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}  {seconds:.0f} s on CPUs {cpus}, "
          f"load before: {open('/proc/loadavg').read().split()[:3]}")
    print("tau_s  " + "  ".join(f"allan_cpu{c}" for c in cpus) + "  corr_between_cpus")
    for tau in (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0):
        if (t1 - t0) / tau < 4:
            continue
        rs = [rates(got[c], t0, t1, tau) for c in cpus]
        line = f"{tau:5.2f}  " + "  ".join(f"{100 * allan(r):8.2f} %" for r in rs)
        if len(rs) == 2:
            line += f"  {corr(rs[0], rs[1]):+.2f}"
        print(line)


if __name__ == "__main__":
    main()
