#!/usr/bin/env bash
# The whole test suite a second time, built with GATEMAP_SANITIZE=ON (ASan + UBSan) in build-asan/
# (or $GATEMAP_ASAN_BUILD_DIR), leak detection on, the headless rendering and window tests included;
# then, when clang-14 is installed, a short run of every fuzz target (scripts/fuzz.sh,
# $GATEMAP_CI_FUZZ_SECONDS each, default 15; 0 skips it). CI runs it after scripts/test.sh.
#   scripts/sanitize.sh [CTEST ARGS...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GATEMAP_ASAN_BUILD_DIR:-$root/build-asan}
jobs=${GATEMAP_JOBS:-$(nproc)}
if [ ! -f "$build/build.ninja" ]; then
  # RelWithDebInfo: the reports name files and lines; -O2 keeps the rendering tests' run time sane.
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGATEMAP_SANITIZE=ON
fi
cmake --build "$build" -j "$jobs"

# detect_leaks=1: every leak is a failure, less those of tests/sanitizer/lsan.supp (third-party
# libraries only, each with its reason).
# intercept_tls_get_addr=0: GCC 12's ASan intercepts __tls_get_addr and, with GDAL's libraries in
# the process, crashes in that interceptor (docs/reliability.md, "Sanitizers").
# abort_on_error / halt_on_error: a report fails its test.
export ASAN_OPTIONS="detect_leaks=1:intercept_tls_get_addr=0:abort_on_error=1:detect_stack_use_after_return=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$root/tests/sanitizer/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
unset DISPLAY WAYLAND_DISPLAY
(cd "$build" && ctest --output-on-failure -j "$jobs" "$@")

seconds=${GATEMAP_CI_FUZZ_SECONDS:-15}
if [ "$seconds" != 0 ]; then
  if command -v clang++-14 >/dev/null; then
    env -u ASAN_OPTIONS -u LSAN_OPTIONS -u UBSAN_OPTIONS "$root/scripts/fuzz.sh" "$seconds"
  else
    echo "sanitize.sh: clang++-14 is not installed: the fuzz run is skipped (the corpus was replayed by ctest)"
  fi
fi
