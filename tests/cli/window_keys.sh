#!/usr/bin/env bash
# Every key tap reaches the window, even a tap whose press and release come between two frames:
# under Xvfb, xdotool taps Right and '+' at the window (press and release sent at once) while it
# plays the timeline, then Escape closes it (fullscreen) and the saved view tells how many taps
# panned and zoomed. Polling the key state at frame time handled few of them.
set -u
bin=$1
command -v xvfb-run >/dev/null || { echo "SKIP: xvfb-run is not installed"; exit 0; }
command -v xdotool >/dev/null || { echo "SKIP: xdotool is not installed (scripts/deps.sh)"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config"
mkdir -p "$tmp/config/gatemap"
# A known view: 100 m per pixel, so one Right tap pans 8000 m and one '+' divides the scale by 1.5.
echo '{"centre_x": 700000, "centre_y": 2440000, "m_per_px": 100}' > "$tmp/config/gatemap/window.json"
right=10 plus=6
cat > "$tmp/taps.sh" <<TAPS
"$bin" run --fullscreen --hide-ui --play &
pid=\$!
xdotool search --sync --onlyvisible --name gatemap >/dev/null
sleep 1
xdotool mousemove 5 5   # no window manager: keys go to the window under the pointer
for i in \$(seq $right); do xdotool key --delay 0 Right; sleep 0.1; done
for i in \$(seq $plus); do xdotool key --delay 0 plus; sleep 0.1; done
xdotool keydown Escape sleep 0.5 keyup Escape   # held, so that even a polling window sees it
wait \$pid
TAPS
timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" bash "$tmp/taps.sh" || { echo "FAIL: the window run exited $?"; exit 1; }
python3 - "$tmp/config/gatemap/window.json" "$right" "$plus" <<'PY'
import json, math, sys
j = json.load(open(sys.argv[1])); right, plus = int(sys.argv[2]), int(sys.argv[3])
got_right = (j["centre_x"] - 700000) / 8000          # the pans came first, at 100 m/px
got_plus = math.log(100 / j["m_per_px"]) / math.log(1.5)
print(f"Right taps handled: {got_right:.2f} of {right}; '+' taps handled: {got_plus:.2f} of {plus}")
assert abs(got_right - right) < 1e-6 and abs(got_plus - plus) < 1e-6, "taps were lost"
assert abs(j["centre_y"] - 2440000) < 1e-6, "the view moved vertically"
print("ok: every tap handled")
PY
