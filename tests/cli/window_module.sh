#!/usr/bin/env bash
# The window module (libgatemap_window.so, issue 14: a wall's start-up): `gatemap present` and
# `gatemap run` on the built-in data load none of GDAL, PROJ and GEOS (the dynamic loader's own log,
# LD_DEBUG=files, names every library opened); `--data DIR` loads them through the full module
# (app/data/full_bridge.hpp) and shows the folder's data. Without libgatemap_full.so beside it, the
# window still shows the built-in data, and `--data` says which file is missing and exits 1 (no
# crash). A watched data folder that gets a file later loads GDAL then, and shows the file. The GL
# driver is loaded ahead on a thread: the window still comes up with it turned off.
set -u
bin=$1
repo=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
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
x "$bin" run --frames 4 --screenshot "$tmp/builtin.png" > /dev/null 2>&1
if [ -s "$tmp/planner.png" ] && [ -s "$tmp/builtin.png" ]; then
  d=$(compare -metric AE "$tmp/planner.png" "$tmp/builtin.png" null: 2>&1)
  [ "$d" -gt 100 ] 2>/dev/null || { echo "FAIL: the planner's data looks like the built-in data ($d pixels differ)"; fail=1; }
else
  echo "FAIL: no screenshot of the planner's or the built-in data"
  fail=1
fi

# 2b. A watched data folder that gets a file while the built-in data shows: the full module and
# GDAL are loaded then, on the reload's thread, while the window draws; the planner's gate appears.
mkdir -p "$tmp/watched"
cat > "$tmp/lazy.sh" <<RUN
LD_DEBUG=files GATEMAP_SYSTEM_DATA_DIRS="$tmp/watched" "$bin" run 2>"$tmp/lazy.err" &
pid=\$!
. "$here/lib/window.sh"
wid=\$(wait_window \$pid)
sleep 2
xdotool mousemove 1270 710
sleep 1; import -window "\$wid" png24:"$tmp/lazy0.png"
grep -c 'file=libgdal' "$tmp/lazy.err" > "$tmp/gdal_before"
cp "$repo/tests/fixtures/planner/gates.csv" "$tmp/watched/"
for i in \$(seq 1 300); do grep -q "data reloaded" "$tmp/lazy.err" && break; sleep 0.1; done
sleep 1; import -window "\$wid" png24:"$tmp/lazy1.png"
kill -0 \$pid 2>/dev/null || echo "the window closed" > "$tmp/lazy.problem"
kill \$pid; wait \$pid 2>/dev/null
exit 0
RUN
if command -v xdotool >/dev/null && command -v import >/dev/null && command -v compare >/dev/null; then
  timeout 120 xvfb-run -a -s "-screen 0 1280x720x24" bash "$tmp/lazy.sh" || { echo "FAIL: the watched-folder run"; fail=1; }
  [ -f "$tmp/lazy.problem" ] && { echo "FAIL: $(cat "$tmp/lazy.problem")"; fail=1; }
  [ "$(cat "$tmp/gdal_before" 2>/dev/null)" = 0 ] || { echo "FAIL: GDAL was loaded before the folder got a file"; fail=1; }
  grep -q 'file=libgdal' "$tmp/lazy.err" || { echo "FAIL: GDAL was not loaded for the folder's file"; fail=1; }
  grep -q '^gatemap: data reloaded' "$tmp/lazy.err" ||
    { echo "FAIL: no reload said: $(grep -v '^ *[0-9]*:' "$tmp/lazy.err" | tail -3)"; fail=1; }
  if [ -s "$tmp/lazy0.png" ] && [ -s "$tmp/lazy1.png" ]; then
    d=$(compare -metric AE "$tmp/lazy0.png" "$tmp/lazy1.png" null: 2>&1)
    [ "$d" -gt 100 ] 2>/dev/null || { echo "FAIL: the window did not change with the folder's gates ($d pixels)"; fail=1; }
  else
    echo "FAIL: no screenshots of the watched-folder run"
    fail=1
  fi
else
  echo "note: xdotool, import or compare missing: the watched-folder step skipped"
fi

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
