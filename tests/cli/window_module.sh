#!/usr/bin/env bash
# The window module (libgatemap_window.so, issue 14: a wall's start-up): `gatemap present` and
# `gatemap run` on the built-in data load none of GDAL, PROJ and GEOS (the dynamic loader's own log,
# LD_DEBUG=files, names every library opened); `--data DIR` loads them through the full module
# (app/data/full_bridge.hpp) and shows the folder's data. Without libgatemap_full.so beside it, the
# window still shows the built-in data, and `--data` says which file is missing and exits 1 (no
# crash). The GL driver is loaded ahead on a thread: the window still comes up with it turned off.
set -u
bin=$1
repo=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
export XDG_CONFIG_HOME="$tmp/config"
command -v xvfb-run >/dev/null || { echo "SKIP: xvfb-run is not installed"; exit 77; }
dir=$(dirname "$bin")
scenes="$repo/data/scenes/frontier-story.json"
x() { xvfb-run -a -s "-screen 0 1280x720x24" "$@"; }

loaded() {  # the libraries a command opened, by name, one per line (LD_DEBUG=files)
  grep -o 'file=[^ ]*' "$1" | sed 's/file=//' | sort -u
}

# 1. The built-in data: no GDAL, PROJ or GEOS.
LD_DEBUG=files x "$bin" present --windowed --frames 2 --scenes "$scenes" > /dev/null 2> "$tmp/present.log"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: present on the built-in data exited $rc"; tail -5 "$tmp/present.log"; fail=1; }
loaded "$tmp/present.log" > "$tmp/present.libs"
grep -q 'libgatemap_window.so' "$tmp/present.libs" || { echo "FAIL: present did not run in the window module"; fail=1; }
if grep -E 'libgdal|libproj|libgeos|libgatemap_full' "$tmp/present.libs"; then
  echo "FAIL: present on the built-in data loaded the libraries above"
  fail=1
fi
LD_DEBUG=files x "$bin" run --frames 2 > /dev/null 2> "$tmp/run.log" || { echo "FAIL: run exited $?"; fail=1; }
if loaded "$tmp/run.log" | grep -E 'libgdal|libproj|libgeos'; then
  echo "FAIL: run on the built-in data loaded the libraries above"
  fail=1
fi

# 2. --data DIR: through the full module, GDAL loaded, the folder's data shown.
LD_DEBUG=files x "$bin" --data "$repo/tests/fixtures/planner" run --frames 4 --screenshot "$tmp/planner.png" \
  > /dev/null 2> "$tmp/data.log"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: run --data exited $rc"; fail=1; }
loaded "$tmp/data.log" | grep -q 'libgdal' || { echo "FAIL: --data did not load GDAL"; fail=1; }
loaded "$tmp/data.log" | grep -q 'libgatemap_full.so' || { echo "FAIL: --data did not load the full module"; fail=1; }
[ -s "$tmp/planner.png" ] || { echo "FAIL: no screenshot of the planner's data"; fail=1; }

# 3. The window module alone (a partial copy): the built-in data still shows; --data says what is missing.
mkdir -p "$tmp/alone"
cp "$bin" "$dir/libgatemap_window.so" "$tmp/alone/"
x "$tmp/alone/gatemap" present --windowed --frames 2 --scenes "$scenes" > /dev/null 2> "$tmp/alone.log"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: the window module alone exited $rc on the built-in data"; cat "$tmp/alone.log"; fail=1; }
x "$tmp/alone/gatemap" --data "$repo/data" present --windowed --frames 2 --scenes "$scenes" > /dev/null \
  2> "$tmp/alone_data.log"
rc=$?
[ $rc -eq 1 ] || { echo "FAIL: --data without the full module exited $rc (1 expected)"; fail=1; }
grep -q 'libgatemap_full.so: cannot be loaded' "$tmp/alone_data.log" ||
  { echo "FAIL: no message naming libgatemap_full.so:"; cat "$tmp/alone_data.log"; fail=1; }
if grep -qi 'terminate\|abort' "$tmp/alone_data.log"; then echo "FAIL: crashed"; fail=1; fi

# 4. The GL driver's preload off: the same window.
GATEMAP_NO_GL_PRELOAD=1 x "$bin" present --windowed --frames 2 --scenes "$scenes" > /dev/null 2> "$tmp/nopre.log" ||
  { echo "FAIL: present without the GL driver's preload exited $?"; fail=1; }

[ $fail -eq 0 ] && echo "window module: ok"
exit $fail
