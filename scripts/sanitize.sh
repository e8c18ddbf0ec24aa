#!/usr/bin/env bash
# The whole test suite a second time, built with GATEMAP_SANITIZE=ON (ASan + UBSan) in build-asan/
# (or $GATEMAP_ASAN_BUILD_DIR), leak detection on, the headless rendering and window tests included;
# then, when clang-14 is installed, a short run of every fuzz target (scripts/fuzz.sh,
# $GATEMAP_CI_FUZZ_SECONDS each, default 10; 0 skips it). CI runs it after scripts/test.sh.
#   scripts/sanitize.sh [CTEST ARGS...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GATEMAP_ASAN_BUILD_DIR:-$root/build-asan}
jobs=${GATEMAP_JOBS:-$(nproc)}
if [ ! -f "$build/build.ninja" ]; then
  # RelWithDebInfo: the reports name files and lines; -O2 keeps the rendering tests' run time sane.
  # No benchmarks: nothing of the suite needs them, and they would add to CI's build time.
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGATEMAP_SANITIZE=ON \
    -DGATEMAP_BUILD_BENCH=OFF
fi
cmake --build "$build" -j "$jobs"

# detect_leaks=1: every leak is a failure, less those of tests/sanitizer/lsan.supp (third-party
# libraries only, each with its reason).
# intercept_tls_get_addr=0: GCC 12's ASan intercepts __tls_get_addr and, with GDAL's libraries in
# the process, crashes in that interceptor (docs/reliability.md, "Sanitizers").
# halt_on_error (UBSan): a report fails its test, as a leak or an ASan error does.
# Mesa's llvmpipe driver is preloaded so that eglTerminate cannot unmap it: its static data then
# still holds the 112 bytes it allocated, which LSan otherwise reports from "<unknown module>"
# (tests/sanitizer/lsan.supp says why no suppression can name it). verify_asan_link_order=0: the
# driver comes before the ASan runtime in the library list, which ASan otherwise refuses.
mesa=/usr/lib/x86_64-linux-gnu/dri/swrast_dri.so
link_order=
if [ -f "$mesa" ]; then
  export LD_PRELOAD="$mesa${LD_PRELOAD:+:$LD_PRELOAD}"
  link_order=:verify_asan_link_order=0
fi
export ASAN_OPTIONS="detect_leaks=1:intercept_tls_get_addr=0$link_order${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$root/tests/sanitizer/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
unset DISPLAY WAYLAND_DISPLAY
# Tests labelled `heavy` (huge inputs, long soaks) are scripts/heavy.sh's, never CI's.
(cd "$build" && ctest --output-on-failure -j "$jobs" -LE heavy "$@")

seconds=${GATEMAP_CI_FUZZ_SECONDS:-10}
if [ "$seconds" != 0 ]; then
  if command -v clang++-14 >/dev/null; then
    env -u ASAN_OPTIONS -u LSAN_OPTIONS -u UBSAN_OPTIONS -u LD_PRELOAD "$root/scripts/fuzz.sh" "$seconds"
  else
    echo "sanitize.sh: clang++-14 is not installed: the fuzz run is skipped (the corpus was replayed by ctest)"
  fi
fi
