#!/usr/bin/env bash
# The huge-input tests (issue 20, bounded resources): ctest's `heavy` label, never run in CI.
# Builds Release if needed (scripts/build.sh), then `ctest -L heavy`. Each test generates its inputs
# in a temporary folder (about 3.5 GB of disk under $GATEMAP_HEAVY_TMP, default $TMPDIR or /tmp) and
# prints the peak resident memory of every run; they take about 10 minutes on 2 cores.
#   scripts/heavy.sh [CTEST ARGS...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh"
build=${GATEMAP_BUILD_DIR:-$root/build}
unset DISPLAY WAYLAND_DISPLAY
cd "$build"
ctest -L heavy --output-on-failure --verbose "$@"
