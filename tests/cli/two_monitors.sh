#!/usr/bin/env bash
# gatemap present on two monitors (issue 14): Xvfb shows GLFW a single monitor (its RandR has one
# output, and GLFW 3.3 reads RandR outputs, not Xinerama screens or RandR 1.5 monitors), so this
# test runs an Xorg server with the dummy driver (xserver-xorg-video-dummy, installed by
# scripts/deps.sh), whose RandR has 16 outputs: DUMMY0 at 1280×720 and DUMMY1, given a mode with
# xrandr, at 1920×1080 to its right, both connected. Then:
#   - present --list-monitors lists the two;
#   - present --monitor 2 puts the wall, borderless, at monitor 2's position and size (xwininfo),
#     at its native mode (xrandr's modes unchanged), and the presenter view on monitor 1;
#   - present --monitor 1: the wall on monitor 1, the presenter view on monitor 2;
#   - present --monitor 3 is a usage error (exit 2) naming the two monitors.
# Exits 77 (ctest's SKIP) when Xorg, its dummy driver, xrandr, xdotool or xwininfo is missing (all
# installed by scripts/deps.sh), or when Xorg cannot start here (e.g. not root). The screenshots'
# check (the wall's monitor shows a map) needs ImageMagick's import and convert, and is left out
# without them.
set -u
bin=$1
repo=$2
tmp=$(mktemp -d)
xorg_pid=
cleanup() {
  [ -n "$xorg_pid" ] && kill "$xorg_pid" 2>/dev/null && wait "$xorg_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail=0
export XDG_CONFIG_HOME="$tmp/config"
xorg=/usr/lib/xorg/Xorg
[ -x "$xorg" ] || { echo "SKIP: Xorg ($xorg) is not installed"; exit 77; }
[ -f /usr/lib/xorg/modules/drivers/dummy_drv.so ] ||
  { echo "SKIP: Xorg's dummy driver (xserver-xorg-video-dummy) is not installed"; exit 77; }
for tool in xrandr xdotool xwininfo; do
  command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done

cat > "$tmp/xorg.conf" <<'CONF'
Section "ServerFlags"
  Option "AutoAddDevices" "false"
  Option "AutoAddGPU" "false"
  Option "DontVTSwitch" "true"
EndSection
Section "Device"
  Identifier "dummy"
  Driver "dummy"
  VideoRam 64000
EndSection
Section "Monitor"
  Identifier "monitor"
  HorizSync 5.0 - 1000.0
  VertRefresh 5.0 - 200.0
  Modeline "1280x720" 74.25 1280 1390 1430 1650 720 725 730 750 +hsync +vsync
  Modeline "1920x1080" 148.5 1920 2008 2052 2200 1080 1084 1089 1125 +hsync +vsync
EndSection
Section "Screen"
  Identifier "screen"
  Device "dummy"
  Monitor "monitor"
  DefaultDepth 24
  SubSection "Display"
    Depth 24
    Virtual 3200 1080
    Modes "1280x720"
  EndSubSection
EndSection
CONF

# A free display number (as xvfb-run -a does, from a random start: tests run side by side).
n=$((300 + RANDOM % 500))
while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done
export DISPLAY=:$n
"$xorg" "$DISPLAY" -config "$tmp/xorg.conf" -noreset -nolisten tcp -novtswitch -sharevts \
  -logfile "$tmp/xorg.log" >"$tmp/xorg.out" 2>&1 &
xorg_pid=$!
for _ in $(seq 100); do
  xrandr >/dev/null 2>&1 && break
  kill -0 "$xorg_pid" 2>/dev/null || break
  sleep 0.1
done
if ! xrandr >/dev/null 2>&1; then
  echo "SKIP: Xorg with the dummy driver did not start here: $(tail -3 "$tmp/xorg.out" | tr '\n' ' ')"
  exit 77
fi
# The second monitor: DUMMY1 connected at 1920×1080, right of DUMMY0.
xrandr --addmode DUMMY1 1920x1080 && xrandr --output DUMMY1 --mode 1920x1080 --right-of DUMMY0 ||
  { echo "FAIL: xrandr could not set up the second monitor: $(xrandr 2>&1 | head -5)"; exit 1; }
xrandr | grep -v '^ ' > "$tmp/xrandr-before"

# 1. Two monitors listed, numbered as --monitor takes them.
"$bin" present --list-monitors >"$tmp/mon" 2>&1 || { echo "FAIL: --list-monitors: $(cat "$tmp/mon")"; fail=1; }
[ "$(grep -c '^[0-9]*: ' "$tmp/mon")" = 2 ] && grep -q '^1: DUMMY0 1280×720 .*(primary)$' "$tmp/mon" &&
  grep -q '^2: DUMMY1 1920×1080 ' "$tmp/mon" || { echo "FAIL: --list-monitors said: $(cat "$tmp/mon")"; fail=1; }

# The geometry of a window as X sees it: "X Y W H override-redirect".
geometry() {
  xwininfo -id "$1" | awk -F: '/Absolute upper-left X/ {x=$2} /Absolute upper-left Y/ {y=$2}
    /^ *Width/ {w=$2} /^ *Height/ {h=$2} /Override Redirect State/ {o=$2}
    END {gsub(/ /, "", o); print x+0, y+0, w+0, h+0, o}'
}
# The id of the visible window whose name matches, waiting up to 60 s for it.
find_window() {
  for _ in $(seq 120); do
    id=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1)
    [ -n "$id" ] && { echo "$id"; return 0; }
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}
# Runs present --monitor $1; checks the wall at "$2" (X Y W H) and the presenter view inside the
# rectangle "$3" (X0 Y0 X1 Y1).
present_on() {
  local m=$1 want_wall=$2 other=$3
  GATEMAP_NOW=2026-12-07 "$bin" present --monitor "$m" --scenes "$repo/data/scenes/frontier-story.json" \
    --screen-diagonal 24 --viewing-distance 1 2>"$tmp/err-$m" &
  pid=$!
  local wall presenter
  wall=$(find_window 'Guangxi frontier') || { echo "FAIL: --monitor $m: no wall window: $(cat "$tmp/err-$m")"; fail=1; }
  presenter=$(find_window '^gatemap presenter') || { echo "FAIL: --monitor $m: no presenter view"; fail=1; }
  if [ -n "$wall" ] && [ -n "$presenter" ]; then
    sleep 3  # a few frames drawn
    local g
    g=$(geometry "$wall")
    [ "$g" = "$want_wall yes" ] ||
      { echo "FAIL: --monitor $m: the wall is at '$g' (x y w h override-redirect), not '$want_wall yes'"; fail=1; }
    g=$(geometry "$presenter")
    read -r px py pw ph _ <<<"$g"
    read -r x0 y0 x1 y1 <<<"$other"
    [ "$px" -ge "$x0" ] && [ "$py" -ge "$y0" ] && [ $((px + pw)) -le "$x1" ] && [ $((py + ph)) -le "$y1" ] ||
      { echo "FAIL: --monitor $m: the presenter view ($g) is not inside the other monitor ($other)"; fail=1; }
    command -v import >/dev/null && import -window root "$tmp/screen-$m.png"
    xdotool windowfocus --sync "$wall" 2>/dev/null
    xdotool key --delay 0 ctrl+q
  fi
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill "$pid" 2>/dev/null && { echo "FAIL: --monitor $m: Ctrl+Q did not quit"; fail=1; }
  wait "$pid"
  local rc=$?
  [ $rc = 0 ] || { echo "FAIL: --monitor $m: exit $rc: $(cat "$tmp/err-$m")"; fail=1; }
  # Native mode: no mode switch on either monitor.
  xrandr | grep -v '^ ' | diff -q "$tmp/xrandr-before" - >/dev/null ||
    { echo "FAIL: --monitor $m changed the monitors' modes: $(xrandr | grep -v '^ ')"; fail=1; }
}

# 2. The wall on monitor 2 (1920×1080 at x 1280), the presenter view on monitor 1.
present_on 2 "1280 0 1920 1080" "0 0 1280 720"
# 3. The wall on monitor 1, the presenter view on monitor 2.
present_on 1 "0 0 1280 720" "1280 0 3200 1080"

# The wall's monitor shows the map (many colours), on either monitor (with ImageMagick's import).
colours() { convert "$1" -crop "$2" +repage -format '%k' info:; }
for shot in "2 1920x1080+1280+0" "1 1280x720+0+0"; do
  read -r m crop <<<"$shot"
  [ -f "$tmp/screen-$m.png" ] && command -v convert >/dev/null || continue
  c=$(colours "$tmp/screen-$m.png" "$crop")
  [ "$c" -gt 200 ] || { echo "FAIL: --monitor $m: the wall's monitor shows $c colours, no map"; fail=1; }
  [ -n "${GATEMAP_KEEP_SHOTS:-}" ] && cp "$tmp/screen-$m.png" "$GATEMAP_KEEP_SHOTS/two-monitors-wall-on-$m.png"
done

# 4. A monitor that is not there.
"$bin" present --monitor 3 --scenes "$repo/data/scenes/frontier-story.json" 2>"$tmp/err3"
rc=$?
[ $rc = 2 ] && grep -q '^gatemap present: --monitor 3: there are 2 monitors (see gatemap present --list-monitors)$' "$tmp/err3" ||
  { echo "FAIL: --monitor 3: exit $rc, $(cat "$tmp/err3")"; fail=1; }

[ $fail = 0 ] && echo "ok: two monitors listed; the wall full screen on the one asked for at its native mode, the presenter view on the other; --monitor 3 refused"
exit $fail
