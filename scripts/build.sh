#!/usr/bin/env bash
# Configures (once) and builds gatemap in Release in build/ (or $GATEMAP_BUILD_DIR).
# Rebuilds only what changed; uses ccache when present.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GATEMAP_BUILD_DIR:-$root/build}
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
fi
jobs=${GATEMAP_JOBS:-$(nproc)}
cmake --build "$build" -j "$jobs"
