#!/usr/bin/env python3
"""Whole-process PNG export timings per encoder (issue 13), interleaved run by run.

Usage: measure.py GATEMAP_BINARY [--runs N] [--sizes 3840x2160,7680x4320] [--encoders pixel,zlib,spng]
       [--out-dir DIR] [--json FILE]

Each round runs every (size, encoder) once, the encoders in a rotated order, so that a noisy
machine (shared cores, other builds) hits them all alike. The encoder is chosen with the
environment variable GATEMAP_PNG_ENCODER, which only a binary built with
bench/png_encoders/encoder-switch.patch reads (see bench/png_encoders/README.md). One warm-up
round is run first and not counted. Prints, per size and encoder: median wall time, min, max,
interquartile range, median CPU time (user + system, less sensitive than wall time to other
load), median peak RSS and the file size.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def run_once(binary, w, h, enc, out):
    env = dict(os.environ, GATEMAP_PNG_ENCODER=enc)
    cmd = [binary, "export", "--out", out, "--width", str(w), "--height", str(h), "--force"]
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    t = time.perf_counter() - t0
    err = p.stderr.read().decode()
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} (GATEMAP_PNG_ENCODER={enc}) failed: {err}")
    return t, ru.ru_maxrss / 1024.0, os.path.getsize(out), ru.ru_utime + ru.ru_stime


def quartiles(xs):
    q = statistics.quantiles(xs, n=4, method="inclusive")
    return q[0], q[2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--sizes", default="3840x2160,7680x4320")
    ap.add_argument("--encoders", default="pixel,zlib,spng")
    ap.add_argument("--out-dir", default="/tmp")
    ap.add_argument("--json")
    a = ap.parse_args()
    sizes = [tuple(int(v) for v in s.split("x")) for s in a.sizes.split(",")]
    encs = a.encoders.split(",")
    res = {(w, h, e): [] for (w, h) in sizes for e in encs}
    loads = []
    for rnd in range(a.runs + 1):
        loads.append(os.getloadavg()[0])
        for (w, h) in sizes:
            k = rnd % len(encs)
            for e in encs[k:] + encs[:k]:
                out = os.path.join(a.out_dir, f"png-enc-{e}-{w}.png")
                r = run_once(a.binary, w, h, e, out)
                if rnd > 0:
                    res[(w, h, e)].append(r)
    print(f"runs {a.runs} per variant (+1 warm-up round), interleaved; 1-min load during the rounds "
          f"{min(loads):.2f}..{max(loads):.2f} (median {statistics.median(loads):.2f})")
    print(f"{'size':>10} {'encoder':>7} {'median s':>9} {'min':>6} {'max':>6} {'IQR':>13} {'CPU s':>6} {'RSS MiB':>8} {'bytes':>10}")
    rows = []
    for (w, h) in sizes:
        for e in encs:
            rs = res[(w, h, e)]
            ts = [r[0] for r in rs]
            q1, q3 = quartiles(ts)
            rss = statistics.median(r[1] for r in rs)
            size = rs[-1][2]
            cpu = statistics.median(r[3] for r in rs)
            print(f"{w}x{h:<5} {e:>7} {statistics.median(ts):9.3f} {min(ts):6.3f} {max(ts):6.3f} {q1:6.3f}-{q3:6.3f} {cpu:6.3f} {rss:8.0f} {size:10d}")
            rows.append({"width": w, "height": h, "encoder": e, "times_s": ts, "median_s": statistics.median(ts),
                         "min_s": min(ts), "max_s": max(ts), "q1_s": q1, "q3_s": q3, "rss_mib": rss, "bytes": size,
                         "cpu_s": [r[3] for r in rs], "cpu_median_s": cpu})
    # Paired by round (the variants of a round ran back to back): each encoder against the first.
    base = encs[0]
    for (w, h) in sizes:
        for e in encs[1:]:
            for key, name in ((0, "wall"), (3, "CPU")):
                d = [o[key] - p[key] for p, o in zip(res[(w, h, base)], res[(w, h, e)])]
                q1, q3 = quartiles(d)
                wins = sum(1 for x in d if x > 0)
                print(f"{w}x{h:<5} {name:>4} {e} - {base}: median {statistics.median(d) * 1000:+.0f} ms, "
                      f"IQR {q1 * 1000:+.0f}..{q3 * 1000:+.0f} ms, {base} faster in {wins}/{len(d)} rounds")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"loads": loads, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
