#!/usr/bin/env python3
"""Launch of `gatemap present --windowed` to its first frame presented (issue 14: ≤ 0.4 s on the
CPU machine under Xvfb), for scripts/bench.sh and by hand:

    DISPLAY=:N bench/first_frame.py GATEMAP SCENES.json [--runs 7] [--out FILE.json] [-- EXTRA ARGS]

(under an Xvfb started with -noreset, as scripts/bench.sh starts it: a bare Xvfb regenerates itself
when its last client leaves, and the next run would wait for that)

Each run: the Unix time just before the process is started, then `gatemap present --windowed
--scenes SCENES --frames 1` with GATEMAP_TIMING=1, which writes on stderr, once the first frame's
buffer swap has returned, the Unix time of it and the split of its start-up (app/window/window.cpp,
StartupTimes). Launch to first frame = the difference of the two times (the same clock). One
warm-up run is not counted (cold page cache, Mesa's shader cache). Prints and writes medians, every
run's figure, the split's medians and the load average before and after.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import time

LINE = re.compile(r"timing \(ms\) window: (.*); ([\d.]+) since the command started; first frame presented at ([\d.]+)")
STEP = re.compile(r"([A-Za-z][A-Za-z ]*?) ([\d.]+)")


def one_run(gatemap, scenes, extra):
    env = dict(os.environ, GATEMAP_TIMING="1")
    t0 = time.time()
    p = subprocess.run([gatemap, "present", "--windowed", "--scenes", scenes, "--frames", "1", *extra],
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=120)
    m = LINE.search(p.stderr)
    if p.returncode != 0 or not m:
        raise SystemExit(f"first_frame: exit {p.returncode}, no timing line: {p.stderr.strip()[-400:]}")
    split = {k.strip(): float(v) for k, v in STEP.findall(m.group(1))}
    split["in the window command"] = float(m.group(2))
    return float(m.group(3)) - t0, split


def main():
    args = sys.argv[1:]
    extra = []
    if "--" in args:
        extra = args[args.index("--") + 1:]
        args = args[:args.index("--")]
    gatemap, scenes = args[0], args[1]
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 7
    out = args[args.index("--out") + 1] if "--out" in args else None
    load_before = open("/proc/loadavg").read().split()[:3]
    one_run(gatemap, scenes, extra)  # warm-up
    times, splits = [], []
    for _ in range(runs):
        t, split = one_run(gatemap, scenes, extra)
        times.append(t)
        splits.append(split)
    load_after = open("/proc/loadavg").read().split()[:3]
    result = {
        "runs": runs,
        "first_frame_s": statistics.median(times),
        "all_s": [round(t, 4) for t in times],
        "split_ms": {k: round(statistics.median(s[k] for s in splits), 1) for k in splits[0]},
        "load_before": load_before,
        "load_after": load_after,
        "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?"),
        "cores": os.cpu_count(),
    }
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if out:
        with open(out, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
