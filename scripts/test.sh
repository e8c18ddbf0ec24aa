#!/usr/bin/env bash
# One command: install what is missing, build Release (warnings are errors), run every test
# (headless rendering tests included; no display needed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
"$root/scripts/build.sh"
build=${GATEMAP_BUILD_DIR:-$root/build}
unset DISPLAY WAYLAND_DISPLAY
cd "$build"
ctest --output-on-failure -j "${GATEMAP_JOBS:-2}" "$@"
