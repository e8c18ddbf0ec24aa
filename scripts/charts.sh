#!/usr/bin/env bash
# Charts of docs/performance.md from the data files bench/report.py writes
# (docs/performance/scale-<machine>.dat): frame time and export time against data size.
#   scripts/charts.sh [DIR]      (default: docs/performance)
# Uses gnuplot (Debian: gnuplot-nox), installed with apt-get when missing and possible.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${1:-$ROOT/docs/performance}

if ! command -v gnuplot >/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    apt-get install -y -q gnuplot-nox >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q gnuplot-nox >/dev/null 2>&1; } || true
  fi
  command -v gnuplot >/dev/null || { echo "charts.sh: gnuplot not available; install gnuplot-nox" >&2; exit 1; }
fi

for dat in "$DIR"/scale-*.dat; do
  [[ -f $dat ]] || continue
  grep -qv '^#' "$dat" || { echo "charts.sh: no scale results in $dat (run without --no-scale)" >&2; continue; }
  machine=$(basename "$dat" .dat); machine=${machine#scale-}
  lines=$DIR/lines-$machine.dat points=$DIR/points-$machine.dat
  # Two series: line vertices grown with the default points; gate-like points grown at 10M vertices.
  awk '!/^#/ && $2 < 100' "$dat" >"$lines"
  awk '!/^#/ && $1 >= 9000000' "$dat" >"$points"
  gnuplot <<EOF
set terminal pngcairo size 1100,620 font "Noto Sans,11"
set grid
set key top left
set logscale x
set xrange [10000:20000000]
set format x "%.0s%c"
set ylabel "median frame time (ms)"
set yrange [0:*]

set output "$DIR/frame_vs_size-$machine.png"
set title "Frame time against data size — $machine (window frame, every layer and overlay on)"
set xlabel "line vertices at full resolution (synthetic scene; leftmost: default scene)"
plot "$lines" using 1:3 with linespoints lw 2 title "1920×1080, default view", \
     "$lines" using 1:4 with linespoints lw 2 title "3840×2160, default view", \
     "$lines" using 1:5 with linespoints lw 2 title "1920×1080, Vietnam + China whole", \
     "$lines" using 1:8 with linespoints lw 1 dt 2 title "1920×1080, line layers only", \
     "$lines" using 1:7 with linespoints lw 1 dt 3 title "1920×1080, land only"

set output "$DIR/frame_vs_points-$machine.png"
set xrange [5:2000000]
set title "Frame time against gate-like points with labels — $machine (10M line vertices)"
set xlabel "gate-like points (each with a label)"
set logscale y
set yrange [*:*]
set format y "%g"
plot "$points" using (\$2 > 0 ? \$2 : 10):3 with linespoints lw 2 title "1920×1080, default view (all layers)", \
     "$points" using (\$2 > 0 ? \$2 : 10):9 with linespoints lw 2 title "1920×1080, gates + labels only"
unset logscale y
set yrange [0:*]

set output "$DIR/export_vs_size-$machine.png"
set xrange [10000:20000000]
set title "4K PNG export (in process: render, read-back, encode) against data size — $machine"
set xlabel "line vertices at full resolution (synthetic scene; leftmost: default scene)"
set ylabel "export time (ms)"
plot "$lines" using 1:6 with linespoints lw 2 title "3840×2160 export, default view"
EOF
  echo "charts: $DIR/{frame_vs_size,frame_vs_points,export_vs_size}-$machine.png" >&2
done
