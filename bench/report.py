#!/usr/bin/env python3
"""Turns one machine's benchmark results (bench/results/<machine>/*.json, written by
scripts/bench.sh) into summary.json, the gnuplot data files of the charts, and the results table
of docs/performance.md (between the bench:table markers). Standard library only.

usage: bench/report.py RESULTS_DIR DOCS_MD CHART_DATA_DIR
"""
import glob
import json
import os
import re
import sys


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def gbench(results):
    """Google Benchmark's JSON: name -> benchmark entry (aggregates: the median)."""
    out = {}
    data = load(os.path.join(results, "gbench.json"))
    if not data:
        return out, {}
    for b in data.get("benchmarks", []):
        name = b.get("run_name", b["name"])
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        out[name] = b
    return out, data.get("context", {})


def fmt(v, unit="ms", digits=None):
    if v is None:
        return "–"
    if digits is None:
        digits = 0 if abs(v) >= 100 else 1 if abs(v) >= 10 else 2
    return f"{v:.{digits}f} {unit}".strip()


def verdict(value, target, higher_is_better=False):
    if value is None:
        return "not measured"
    ok = value >= target if higher_is_better else value <= target
    return "**met**" if ok else "**missed**"


def scale_rows(results):
    rows = []
    for path in sorted(glob.glob(os.path.join(results, "scale-*.json"))):
        j = load(path)
        if not j or "frames" not in j:
            continue
        rows.append(j)
    rows.sort(key=lambda j: (j.get("points", 0) > 100, j.get("line_vertices", 0), j.get("points", 0)))
    return rows


def main():
    results, docs_md, chart_dir = sys.argv[1:4]
    machine_label = os.path.basename(os.path.normpath(results))
    gb, ctx = gbench(results)
    startup = load(os.path.join(results, "startup.json")) or {}
    export = load(os.path.join(results, "export.json")) or {}
    first = load(os.path.join(results, "first_frame.json")) or {}
    meta = load(os.path.join(results, "meta.json")) or {}
    scale = scale_rows(results)

    def counter(name, key):
        b = gb.get(name)
        return b.get(key) if b else None

    # /0: a moving view (everything drawn each frame); /1: a still view (the base layers reused).
    moving1080 = "BM_Frame/1920/1080/0/iterations:120/repeats:3/manual_time"
    f1080 = counter(moving1080, "wall_ms")
    f1080_cpu = counter(moving1080, "cpu_ms")
    f1080_gpu = counter(moving1080, "gpu_ms")
    f1080_prep = counter(moving1080, "prepare_ms")
    f1080_still = counter("BM_Frame/1920/1080/1/iterations:120/repeats:3/manual_time", "wall_ms")
    f4k = counter("BM_Frame/3840/2160/0/iterations:40/repeats:3/manual_time", "wall_ms")
    f4k_gpu = counter("BM_Frame/3840/2160/0/iterations:40/repeats:3/manual_time", "gpu_ms")
    fps = 1000.0 / f1080 if f1080 else None
    fps_still = 1000.0 / f1080_still if f1080_still else None
    gpu_machine = "llvmpipe" not in meta.get("renderer", "llvmpipe")

    default = next((j for j in scale if j.get("scene") == "default"), None)
    big = [j for j in scale if j.get("scene") == "synthetic" and j.get("line_vertices", 0) >= 9_000_000]
    big_lines = min(big, key=lambda j: j.get("points", 0)) if big else None
    big_points = max(big, key=lambda j: j.get("points", 0)) if big else None

    def frame(j, key="default_2160p"):
        return j["frames"][key]["wall_ms"] if j and key in j.get("frames", {}) else None

    e4 = export.get("3840x2160", {})
    e8 = export.get("7680x4320", {})
    st = startup.get("headless", {})
    win = startup.get("window", {})

    rows = []
    rows.append(("default scene, 3840 × 2160, GPU frame time", "GPU machine", "≤ 1 ms",
                 fmt(f4k_gpu) + (" (GL timer)" if f4k_gpu else ""),
                 verdict(f4k_gpu, 1.0) if gpu_machine else "no GPU lent to this run: measured on llvmpipe only"))
    rows.append(("default scene, 1920 × 1080, all overlays on", "CPU machine, llvmpipe", "≥ 60 frames/s",
                 f"moving view {fps:.1f} frames/s ({fmt(f1080)} a frame; CPU {fmt(f1080_cpu)} of which begin_frame "
                 f"{fmt(f1080_prep)}; GL timer {fmt(f1080_gpu)})"
                 + (f"; still view (base layers reused) {fps_still:.0f} frames/s ({fmt(f1080_still)})" if fps_still else "")
                 if fps else "–",
                 verdict(fps, 60, True)))
    rows.append(("start-up to first frame, default data", "CPU machine",
                 "≤ 0.3 s", f"{fmt(st.get('wall_s'), 's', 2)} headless (export 640 × 360, exec → exit)"
                 + (f"; window {fmt(win.get('wall_s'), 's', 2)}" if win.get("wall_s") else
                    f"; window: {win.get('note', 'not measured')}"),
                 verdict(st.get("wall_s"), 0.3)))
    if first.get("first_frame_s"):
        rows.append(("present: launch to first frame presented (Xvfb, `--windowed`)", "CPU machine", "≤ 0.4 s",
                     f"{fmt(first['first_frame_s'], 's', 2)} (load average {' '.join(first.get('load_before', []))})",
                     verdict(first["first_frame_s"], 0.4)))
    rows.append(("PNG export, whole process, 3840 × 2160", "CPU machine", "≤ 0.25 s",
                 f"{fmt(e4.get('wall_s'), 's', 2)} (peak {fmt(e4.get('rss_mib'), 'MiB', 0)})", verdict(e4.get("wall_s"), 0.25)))
    rows.append(("PNG export, whole process, 7680 × 4320", "CPU machine", "≤ 0.6 s",
                 fmt(e8.get("wall_s"), "s", 2), verdict(e8.get("wall_s"), 0.6)))
    rows.append(("peak resident memory, 8K export", "CPU machine", "≤ 150 MiB",
                 fmt(e8.get("rss_mib"), "MiB", 0), verdict(e8.get("rss_mib"), 150)))
    rows.append(("10M-vertex scene, 3840 × 2160", "GPU machine", "≤ 8.3 ms",
                 (fmt(frame(big_lines)) + " on llvmpipe") if big_lines else "–",
                 verdict(frame(big_lines), 8.3) if gpu_machine else "no GPU lent: llvmpipe figure only"))
    if default and big_lines:
        r1 = frame(big_lines, "default_1080p") / frame(default, "default_1080p")
        r4 = frame(big_lines) / frame(default)
        rows.append(("10M-vertex scene vs default scene, same view", "both", "≤ 2×",
                     f"{r1:.2f}× at 1080p, {r4:.2f}× at 2160p (llvmpipe; {big_lines['points']:,} points)",
                     verdict(max(r1, r4), 2.0)))
    if default and big_points and big_points is not big_lines:
        r1 = frame(big_points, "default_1080p") / frame(default, "default_1080p")
        rows.append(("… the same with 1M gate-like points and labels", "both", "≤ 2×",
                     f"{r1:.1f}× at 1080p ({fmt(frame(big_points, 'default_1080p'))} a frame)", verdict(r1, 2.0)))
    if big:
        worst = max(big, key=lambda j: j.get("rss_peak_mib", 0))
        rows.append(("memory of the 10M-vertex scene", "CPU machine", "≤ 2 GiB resident",
                     f"{worst.get('rss_peak_mib', 0) / 1024:.2f} GiB peak, {worst.get('rss_end_mib', 0) / 1024:.2f} GiB "
                     f"after rendering ({worst['line_vertices']:,} vertices, {worst['points']:,} points)",
                     verdict(worst.get("rss_peak_mib", 0) / 1024, 2.0)))

    head = (f"Machine: {meta.get('machine', ctx.get('host_name', '?'))}; renderer: {meta.get('renderer', '?')}; "
            f"date: {meta.get('date', ctx.get('date', '?'))}; commit: {meta.get('commit', '?')}; "
            f"results: `bench/results/{machine_label}/`.")
    lines = [head, "", "| what | machine | target | measured (median) | verdict |", "|---|---|---|---|---|"]
    for r in rows:
        lines.append("| " + " | ".join(r) + " |")

    # Other measurements of the suite.
    def gb_ms(prefix):
        """real_time (the benchmark's own unit) of the first benchmark whose name starts with prefix."""
        b = next((v for k, v in gb.items() if k == prefix or k.startswith(prefix + "/")), None)
        return b.get("real_time") if b else None

    lines += ["", "Other measurements (medians):", "",
              "| what | measured |", "|---|---|"]
    others = [
        ("data load (embedded default data, in process)", fmt(gb_ms("BM_LoadData"))),
        ("projection, 1M points WGS84 → UTM 48N (PROJ)", fmt(gb_ms("BM_Project1M"))),
        ("triangulation, default land (GEOS, in the scene's 4 km cells)", fmt(gb_ms("BM_TriangulateDefaultLand"))),
        ("triangulation, Vietnam full resolution (GEOS)", fmt(gb_ms("BM_TriangulateVietnamFull"))),
        ("simplification, frontier at 25 m (GEOS topology-preserving)", fmt(gb_ms("BM_SimplifyFrontier/25"))),
        ("simplification, all context lines at 25 m", fmt(gb_ms("BM_SimplifyContextLines/25"))),
        ("time model: statuses of every gate at a date", fmt((gb.get("BM_StatusesAllGates") or {}).get("real_time"), "ns", 0)),
        ("default scene 3840 × 2160, llvmpipe", f"{fmt(f4k)} a frame" if f4k else "–"),
    ]
    for w in ("3840", "7680"):
        b = gb.get(f"BM_ExportSplit/{w}/iterations:5/real_time")
        if b:
            others.append((f"export {w} in process: render / read-back / encode",
                           f"{fmt(b.get('render_ms'))} / {fmt(b.get('readback_ms'))} / {fmt(b.get('encode_ms'))}"))
    if st.get("timing"):
        others.append(("start-up split (GATEMAP_TIMING=1, headless export)", st["timing"]))
    if first.get("split_ms"):
        others.append(("present first-frame split (GATEMAP_TIMING=1, ms)",
                       ", ".join(f"{k} {v}" for k, v in first["split_ms"].items())))
    for key, e in (("3840x2160", e4), ("7680x4320", e8)):
        if e.get("timing"):
            others.append((f"export {key} split (GATEMAP_TIMING=1)", e["timing"]))
    for name, v in others:
        lines.append(f"| {name} | {v} |")

    if scale:
        lines += ["", "Scale series (one process per row; frame = median wall time of a window frame, every layer "
                  "and overlay on, default view; export = in-process 4K PNG):", "",
                  "| scene | line vertices | points | 1080p frame | 2160p frame | whole VN+CN 1080p | 1080p: land / lines / gates+labels | 4K export | peak RSS |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for j in scale:
            fr, bd = j["frames"], j.get("breakdown_1080p", {})
            bdtxt = " / ".join(fmt(bd.get(k, {}).get("wall_ms")) for k in ("land", "lines", "gates_labels"))
            lines.append(f"| {j['scene']} | {j['line_vertices']:,} | {j['points']:,} | {fmt(fr['default_1080p']['wall_ms'])} | "
                         f"{fmt(fr['default_2160p']['wall_ms'])} | {fmt(fr.get('whole_1080p', {}).get('wall_ms'))} | {bdtxt} | "
                         f"{fmt(j.get('export_2160p', {}).get('total_ms'))} | {fmt(j.get('rss_peak_mib'), 'MiB', 0)} |")
    table = "\n".join(lines)

    # Chart data: one row per scale result.
    os.makedirs(chart_dir, exist_ok=True)
    with open(os.path.join(chart_dir, f"scale-{machine_label}.dat"), "w", encoding="utf-8") as f:
        f.write("# line_vertices points frame1080_ms frame2160_ms whole1080_ms export4k_ms land_ms lines_ms gates_ms rss_mib\n")
        for j in scale:
            fr, bd = j["frames"], j.get("breakdown_1080p", {})
            f.write(" ".join(str(x) for x in (
                j["line_vertices"], j["points"], fr["default_1080p"]["wall_ms"], fr["default_2160p"]["wall_ms"],
                fr.get("whole_1080p", {}).get("wall_ms", "NaN"), j.get("export_2160p", {}).get("total_ms", 0),
                bd.get("land", {}).get("wall_ms", 0), bd.get("lines", {}).get("wall_ms", 0),
                bd.get("gates_labels", {}).get("wall_ms", 0), j.get("rss_peak_mib", 0))) + "\n")

    summary = {"machine": machine_label, "meta": meta, "targets": [dict(zip(("what", "machine", "target", "measured", "verdict"), r)) for r in rows]}
    with open(os.path.join(results, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2, ensure_ascii=False)

    begin, end = f"<!-- bench:table:{machine_label}:begin -->", f"<!-- bench:table:{machine_label}:end -->"
    doc = "# Performance\n"
    if os.path.exists(docs_md):
        with open(docs_md, encoding="utf-8") as f:
            doc = f.read()
    block = f"{begin}\n{table}\n{end}"
    if begin in doc and end in doc:
        doc = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: block, doc, flags=re.S)
    else:
        doc = doc.rstrip("\n") + f"\n\n## Results: {machine_label}\n\n{block}\n"
    with open(docs_md, "w", encoding="utf-8") as f:
        f.write(doc)
    print(table)


if __name__ == "__main__":
    main()
