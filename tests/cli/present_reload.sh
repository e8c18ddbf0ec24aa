#!/usr/bin/env bash
# gatemap present watches its --data folder (issue 14): under Xvfb, a wall shows fresh data (no
# stale banner with the clock set 20 days after its as-of date); older files copied into the folder
# while it runs are loaded on a thread and swapped in (the banner appears, stderr says "data
# reloaded (data as of …)"); a bad row written next is refused: the wall keeps the last good data
# (the banner stays) and shows the row's `file:line: problem` in its discreet line (#8a0000 text at
# the bottom), and stderr says so.
set -u
bin=$1
repo=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
command -v xvfb-run >/dev/null || { echo "SKIP: xvfb-run is not installed"; exit 0; }
command -v xdotool >/dev/null && command -v import >/dev/null || { echo "SKIP: xdotool or import missing"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
# xvfb-run -a from a random display number: two xvfb-runs started at once (ctest -j2) can both take
# the first free number, and the loser's program then meets the winner's server and its other cookie.
export XDG_CONFIG_HOME="$tmp/config"
mkdir -p "$tmp/data" "$tmp/old"
cp "$repo"/data/*.csv "$repo"/data/*.geojson "$tmp/data/"
cp "$repo"/data/*.csv "$repo"/data/*.geojson "$tmp/old/"
# The old data: the same files without any row dated 2025 or later (rows removed, none invented).
python3 "$here/lib/data_before.py" "$tmp/old" 2025
as_of() { "$bin" --data "$1" info --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["data_as_of"])'; }
new_as_of=$(as_of "$tmp/data")
old_as_of=$(as_of "$tmp/old")
now=$(python3 -c "import datetime; print(datetime.date.fromisoformat('$new_as_of') + datetime.timedelta(days=20))")
[ -n "$old_as_of" ] && [[ "$old_as_of" < 2025 ]] || { echo "FAIL: the old data's as-of date is '$old_as_of'"; exit 1; }

cat > "$tmp/run.sh" <<RUN
GATEMAP_NOW=$now "$bin" --data "$tmp/data" present --scenes "$repo/data/scenes/frontier-story.json" \
  --screen-diagonal 24 --viewing-distance 1 2>"$tmp/err" &
pid=\$!
wait_for() { for i in \$(seq 1 300); do grep -q "\$1" "$tmp/err" && return 0; sleep 0.1; done; return 1; }
. "$here/lib/window.sh"
wait_window \$pid > /dev/null  # the window, unless the program ended first
sleep 2
xdotool mousemove 5 5
xdotool key --delay 0 space   # pause: the scene stays while we look
sleep 1; import -window root png24:"$tmp/s0-fresh.png"
cp "$tmp/old/events.csv" "$tmp/old/flows.csv" "$tmp/old/trade.csv" "$tmp/data/"
wait_for "data reloaded" || echo "no reload said" >> "$tmp/problems"
sleep 1; import -window root png24:"$tmp/s1-old.png"
printf '2024-13-45,day,,huu_nghi,closed,vn,test: a bad date,,,,low,\n' >> "$tmp/data/events.csv"
wait_for "data not reloaded" || echo "no refusal said" >> "$tmp/problems"
sleep 1; import -window root png24:"$tmp/s2-bad.png"
xdotool key --delay 0 ctrl+q
wait \$pid; echo \$? > "$tmp/rc"
RUN
timeout 180 xvfb-run -a -n $((200 + RANDOM % 600)) -s "-screen 0 1280x720x24" bash "$tmp/run.sh" || { echo "FAIL: the run"; fail=1; }
[ -f "$tmp/problems" ] && { echo "FAIL: $(cat "$tmp/problems"); stderr: $(cat "$tmp/err")"; fail=1; }
[ "$(cat "$tmp/rc" 2>/dev/null)" = 0 ] || { echo "FAIL: exit $(cat "$tmp/rc" 2>/dev/null); $(cat "$tmp/err")"; fail=1; }
grep -q "^gatemap present: data reloaded (data as of $old_as_of)$" "$tmp/err" ||
  { echo "FAIL: no 'data reloaded (data as of $old_as_of)': $(cat "$tmp/err")"; fail=1; }
grep -q "^gatemap present: data not reloaded, the last good data stays: .*events.csv:[0-9]*: .*2024-13-45" "$tmp/err" ||
  { echo "FAIL: the refusal does not name the row: $(cat "$tmp/err")"; fail=1; }

banner() { python3 "$here/count_pixels.py" "$1" ffd400 top; }
notice() { python3 "$here/count_pixels.py" "$1" 8a0000 bottom 0.06 40; }  # antialiased text
b0=$(banner "$tmp/s0-fresh.png") b1=$(banner "$tmp/s1-old.png") b2=$(banner "$tmp/s2-bad.png")
n1=$(notice "$tmp/s1-old.png") n2=$(notice "$tmp/s2-bad.png")
[ "$b0" = 0 ] || { echo "FAIL: a stale banner on fresh data ($b0 pixels)"; fail=1; }
[ "$b1" -gt 1000 ] || { echo "FAIL: the reloaded old data shows no stale banner ($b1 pixels)"; fail=1; }
[ "$b2" -gt 1000 ] || { echo "FAIL: after the bad row, the last good (old) data is gone ($b2 banner pixels)"; fail=1; }
[ "$n1" = 0 ] || { echo "FAIL: a problem line after a good reload ($n1 pixels)"; fail=1; }
[ "$n2" -gt 50 ] || { echo "FAIL: no problem line after the bad row ($n2 pixels)"; fail=1; }
[ $fail = 0 ] && echo "ok: reloaded on a change ($new_as_of → $old_as_of), a bad row refused and shown ($n2 pixels)"
exit $fail
