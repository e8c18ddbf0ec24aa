#!/usr/bin/env bash
# clang-tidy with the checks of .clang-tidy over the product code (app/, geo/, tools/), or over the
# files given, using the compile database of the build folder (scripts/build.sh makes it).
#   scripts/tidy.sh [FILE...]      exit 0 when clang-tidy reports nothing
# Not part of CI: on the 2-core machine the whole tree takes ~15 minutes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GATEMAP_BUILD_DIR:-$root/build}
command -v clang-tidy >/dev/null || { echo "tidy.sh: clang-tidy is not installed (apt-get install clang-tidy)" >&2; exit 1; }
[ -f "$build/compile_commands.json" ] || "$root/scripts/build.sh"
if [ $# -eq 0 ]; then
  mapfile -t files < <(git -C "$root" ls-files 'app/*.cpp' 'geo/*.cpp' 'tools/*.cpp')
  set -- "${files[@]/#/$root/}"
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# GCC's -Wshadow=local is unknown to clang: tell it not to mind.
run-clang-tidy -quiet -p "$build" -j "${GATEMAP_JOBS:-$(nproc)}" -extra-arg=-Wno-unknown-warning-option "$@" \
  2>/dev/null | sed "s/\x1b\[[0-9;]*m//g" | tee "$out" | grep -E "(warning|error):" || true
if grep -qE "(warning|error):" "$out"; then
  echo "tidy.sh: $(grep -cE '(warning|error):' "$out") finding(s)" >&2
  exit 1
fi
echo "tidy.sh: no findings"
