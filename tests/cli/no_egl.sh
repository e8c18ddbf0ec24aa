#!/usr/bin/env bash
# Without a usable libEGL, `gatemap export` says so and exits 1: the GL/EGL loader (glad) fails
# with a message, not an abort. Unusable libEGL.so.1 and libEGL.so (not ELF files) are put first
# on the library path; the lean executable links no libEGL, so it still starts.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DISPLAY WAYLAND_DISPLAY
echo "not a library" >"$tmp/libEGL.so.1"
cp "$tmp/libEGL.so.1" "$tmp/libEGL.so"
LD_LIBRARY_PATH="$tmp${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$bin" export --out "$tmp/a.png" --width 64 --height 36 2>"$tmp/err"
rc=$?
fail=0
[ "$rc" = 1 ] || { echo "FAIL: expected exit 1, got $rc: $(cat "$tmp/err")"; fail=1; }
grep -q "libEGL.so.1 cannot be loaded" "$tmp/err" || { echo "FAIL: unclear message: $(cat "$tmp/err")"; fail=1; }
[ ! -e "$tmp/a.png" ] || { echo "FAIL: a file was written"; fail=1; }
[ $fail = 0 ] && echo "ok: no libEGL gives a message and exit 1"
exit $fail
