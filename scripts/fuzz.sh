#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz; clang-14, ASan + UBSan) in build-fuzz/ and runs each for
# SECONDS (default 60), one after another (GATEMAP_FUZZ_JOBS=2: two at a time).
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# Each target starts from its seeds (tests/fuzz/seeds.txt, tests/fuzz/corpus/TARGET/,
# tests/fuzz/regressions/TARGET/) and the corpus its earlier runs grew (build-fuzz/corpus/TARGET/).
# Prints per target the executions, time, coverage (libFuzzer's cov: edges, ft: features) and the
# crashes, whose inputs are kept in build-fuzz/artifacts/TARGET/: copy each to
# tests/fuzz/regressions/TARGET/ once fixed, and ctest replays it (fuzz.replay.TARGET).
# Exit status 1 when a target crashed, leaked, hung or ran out of memory.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
build=${GATEMAP_FUZZ_BUILD_DIR:-$root/build-fuzz}
jobs=${GATEMAP_FUZZ_JOBS:-1}

for tool in clang-14 clang++-14; do
  command -v "$tool" >/dev/null || { echo "fuzz.sh: $tool is missing (scripts/deps.sh installs it)" >&2; exit 2; }
done
if [ ! -f "$build/build.ninja" ]; then
  CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DGATEMAP_FUZZ=ON -DGATEMAP_BUILD_APP=OFF -DGATEMAP_BUILD_TESTS=OFF -DGATEMAP_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$build" -j "${GATEMAP_JOBS:-$(nproc)}" --target fuzz_all

declare -A seeds
targets=()
while read -r name globs; do
  [[ "$name" =~ ^[a-z] ]] || continue
  targets+=("$name")
  seeds[$name]=$globs
done <"$root/tests/fuzz/seeds.txt"
[ $# -gt 0 ] && targets=("$@")

# Leaks are crashes too; a single input running over GATEMAP_FUZZ_TIMEOUT s (default 60: wall-clock
# time, and a loaded 2-core machine stretches it) is a hang.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

run_target() {
  local t=$1
  [ -n "${seeds[$t]+x}" ] || { echo "fuzz.sh: unknown target $t" >&2; return 2; }
  local seed_dir=$build/seeds/$t corpus=$build/corpus/$t artifacts=$build/artifacts/$t/
  rm -rf "$seed_dir"
  mkdir -p "$seed_dir" "$corpus" "$artifacts"
  (
    cd "$root"
    for g in ${seeds[$t]}; do for f in $g; do [ -f "$f" ] && cp "$f" "$seed_dir/"; done; done
    for d in tests/fuzz/corpus/$t tests/fuzz/regressions/$t; do
      [ -d "$d" ] && find "$d" -maxdepth 1 -type f -exec cp {} "$seed_dir/" \;
    done
    true
  )
  local log=$build/logs/$t.log
  mkdir -p "$build/logs"
  local rc=0
  (cd "$build" && "./tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout="${GATEMAP_FUZZ_TIMEOUT:-60}" -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" "$seed_dir") >"$log" 2>&1 || rc=$?
  echo "$rc" >"$build/logs/$t.rc"
}

if [ "$jobs" -gt 1 ]; then
  running=0
  for t in "${targets[@]}"; do
    run_target "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then wait -n || true; running=$((running - 1)); fi
  done
  wait
else
  for t in "${targets[@]}"; do run_target "$t"; done
fi

status=0
printf '%-15s %10s %6s %8s %6s %7s %6s  %s\n' target execs secs exec/s cov ft corpus result
for t in "${targets[@]}"; do
  log=$build/logs/$t.log
  rc=$(cat "$build/logs/$t.rc" 2>/dev/null || echo 2)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -n1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$last")
  result=ok
  if [ "$rc" != 0 ]; then
    status=1
    result="FAILED (exit $rc): $(grep -m1 -E 'ERROR: |fuzz invariant|terminate called|==[0-9]+==' "$log" || echo see log) -- $log; inputs: $(ls "$build/artifacts/$t" 2>/dev/null | tr '\n' ' ')"
  fi
  printf '%-15s %10s %6s %8s %6s %7s %6s  %s\n' "$t" "${execs:-?}" "${secs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
done
exit $status
