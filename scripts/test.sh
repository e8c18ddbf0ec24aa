#!/usr/bin/env bash
# One command: install what is missing, build Release (warnings are errors), run every test
# (headless rendering tests included; no display needed).
#   scripts/test.sh [--sanitize] [CTEST ARGS...]
# The huge-input tests (ctest label `heavy`) are left out: scripts/heavy.sh runs them.
# --sanitize: then the whole suite again built with ASan + UBSan, leak detection on, and a short
# fuzz run (scripts/sanitize.sh). CI (.ci/run) passes --sanitize.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sanitize=0
if [ "${1:-}" = --sanitize ]; then
  sanitize=1
  shift
fi
"$root/scripts/deps.sh"
"$root/scripts/build.sh"
build=${GATEMAP_BUILD_DIR:-$root/build}
unset DISPLAY WAYLAND_DISPLAY
cd "$build"
ctest --output-on-failure -j "${GATEMAP_JOBS:-2}" -LE heavy "$@"
if [ "$sanitize" = 1 ]; then
  "$root/scripts/sanitize.sh" "$@"
fi
