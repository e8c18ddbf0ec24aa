#!/usr/bin/env bash
# Issue 20 (faults): the GPU side failing, each a clear message, exit 1 and no file:
#   1. no OpenGL 3.3: Mesa made to offer OpenGL 3.0 only (MESA_GL_VERSION_OVERRIDE=3.0);
#   2. no EGL device: Mesa's driver cannot be loaded (GALLIUM_DRIVER names none);
#   3. a shader that fails to compile: Mesa's shader replacement (MESA_SHADER_READ_PATH, files
#      named by the SHA-1 of the source) swaps one of gatemap's shaders for broken GLSL.
# These use Mesa's environment: on another driver (a GPU) the test is skipped (exit 77).
# The shaders are embedded in the binary (no file to go missing at run time).
# Usage: gl_faults.sh /path/to/gatemap /path/to/repo
set -u
bin=$1
repo=$2
unset DISPLAY WAYLAND_DISPLAY
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

# Mesa is the driver when its shader dump works.
mkdir "$tmp/dump"
MESA_SHADER_DUMP_PATH="$tmp/dump" "$bin" export --out "$tmp/probe.png" --width 64 --height 36 >/dev/null 2>&1
if [ -z "$(ls "$tmp/dump")" ]; then
  echo "skipped: the EGL driver is not Mesa"
  exit 77
fi

# expect NAME WANT ENV...: export under ENV exits 1 with WANT in its message and writes nothing.
expect() {
  local name=$1 want=$2
  shift 2
  env "$@" "$bin" export --out "$tmp/out.png" --width 320 --height 180 >"$tmp/err" 2>&1
  local rc=$?
  if [ "$rc" != 1 ]; then
    fail "$name: exit $rc, expected 1: $(cat "$tmp/err")"
  elif ! grep -qF -- "$want" "$tmp/err"; then
    fail "$name: no \"$want\" in: $(cat "$tmp/err")"
  elif [ -n "$(ls -A "$tmp" | grep -v '^dump$\|^err$\|^probe.png$\|^shaders$')" ]; then
    fail "$name: left a file: $(ls -A "$tmp")"
  else
    echo "ok: $name: $(grep -F -- "$want" "$tmp/err" | head -n1)"
  fi
}

expect "no OpenGL 3.3" "gatemap export: EGL cannot create an OpenGL 3.3 core context (EGL error 0x3009" \
  MESA_GL_VERSION_OVERRIDE=3.0
expect "no EGL device" "gatemap export: no EGL display for headless rendering" GALLIUM_DRIVER=no_such_driver

mkdir "$tmp/shaders"
sha=$(sha1sum <"$repo/shaders/line.frag.glsl" | cut -d' ' -f1)
printf '#version 330 core\nout vec4 colour;\nvoid main() { colour = undeclared_name; }\n' >"$tmp/shaders/FS_$sha.glsl"
expect "a shader that fails to compile" "gatemap export: shaders/line.frag.glsl: compile failed: " \
  MESA_SHADER_READ_PATH="$tmp/shaders"
grep -q "undeclared_name" "$tmp/err" || fail "the driver's log is not in the message: $(cat "$tmp/err")"
exit $status
