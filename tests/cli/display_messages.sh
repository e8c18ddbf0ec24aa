#!/usr/bin/env bash
# When the window cannot open, the message says what is true: with DISPLAY unset (and no
# WAYLAND_DISPLAY) "no display"; with DISPLAY set to a display no server answers, the display named
# and GLFW's own words ("X11: Failed to open display :N"), never that DISPLAY is unset; with only
# WAYLAND_DISPLAY set, that DISPLAY is unset and GLFW's words. Exit 1 each time, for run, present
# and present --list-monitors. No X server is needed.
set -u
bin=$1
repo=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config"
fail=0
# A display number no server answers.
n=$((900 + RANDOM % 90))
while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
scenes="$repo/data/scenes/frontier-story.json"

# expect NAME ENV WANT FORBIDDEN ARGS...: exit 1, WANT said (fixed text), FORBIDDEN not.
expect() {
  local name=$1 envs=$2 want=$3 bad=$4
  shift 4
  env -u DISPLAY -u WAYLAND_DISPLAY $envs "$bin" "$@" >"$tmp/out" 2>&1
  local rc=$?
  if [ $rc != 1 ] || ! grep -qF -- "$want" "$tmp/out" || { [ -n "$bad" ] && grep -qF -- "$bad" "$tmp/out"; }; then
    echo "FAIL: $name: exit $rc: $(cat "$tmp/out")"
    fail=1
  else
    echo "ok: $name: $(head -n1 "$tmp/out")"
  fi
}

for args in "run" "present --scenes $scenes" "present --list-monitors"; do
  # shellcheck disable=SC2086
  expect "$args, no display" "" "gatemap: no display (DISPLAY and WAYLAND_DISPLAY are unset)" "" $args
  # shellcheck disable=SC2086
  expect "$args, DISPLAY=:$n" "DISPLAY=:$n" \
    "gatemap: cannot open the display :$n (GLFW: X11: Failed to open display :$n), so the window cannot open." \
    "unset" $args
  # shellcheck disable=SC2086
  expect "$args, only WAYLAND_DISPLAY" "WAYLAND_DISPLAY=gatemap-test-$n" \
    "gatemap: cannot open a display (DISPLAY is unset, WAYLAND_DISPLAY is gatemap-test-$n) (GLFW: " \
    "DISPLAY and WAYLAND_DISPLAY are unset" $args
done
grep -q "gatemap export --out map.png" "$tmp/out" || { echo "FAIL: no export hint: $(cat "$tmp/out")"; fail=1; }
exit $fail
