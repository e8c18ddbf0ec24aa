#!/usr/bin/env bash
# gatemap run watches its --data folder too (issue 14, the planner's window): under Xvfb, older
# files copied into the folder while the window is open are loaded on a thread and swapped in
# (stderr and the status bar say "data reloaded (data as of …)", and the map changes: the gates'
# states at the date, moved into the older data's span); a bad row written next is refused: the
# map keeps the last good data (unchanged but for the status bar) and the status bar shows the
# row's `file:line: problem` (stderr too).
set -u
bin=$1
repo=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
command -v xvfb-run >/dev/null || { echo "SKIP: xvfb-run is not installed"; exit 77; }
for tool in xdotool import compare convert python3; do
  command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
export XDG_CONFIG_HOME="$tmp/config"
mkdir -p "$tmp/data" "$tmp/old"
cp "$repo"/data/*.csv "$repo"/data/*.geojson "$tmp/data/"
cp "$repo"/data/*.csv "$repo"/data/*.geojson "$tmp/old/"
# The old data: the same files without any row dated 2025 or later (rows removed, none invented).
python3 "$here/lib/data_before.py" "$tmp/old" 2025
as_of() { "$bin" --data "$1" info --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["data_as_of"])'; }
old_as_of=$(as_of "$tmp/old")
[ -n "$old_as_of" ] && [[ "$old_as_of" < 2025 ]] || { echo "FAIL: the old data's as-of date is '$old_as_of'"; exit 1; }

cat > "$tmp/run.sh" <<RUN
"$bin" --data "$tmp/data" run 2>"$tmp/err" &
pid=\$!
wait_for() { for i in \$(seq 1 300); do grep -q "\$1" "$tmp/err" && return 0; sleep 0.1; done; return 1; }
. "$here/lib/window.sh"
wid=\$(wait_window \$pid)  # the window, unless the program ended first
sleep 2
xdotool mousemove 1900 1060  # off the window: no tooltip
sleep 1; import -window "\$wid" png24:"$tmp/s0-fresh.png"
cp "$tmp/old/events.csv" "$tmp/old/flows.csv" "$tmp/old/trade.csv" "$tmp/data/"
wait_for "data reloaded" || echo "no reload said" >> "$tmp/problems"
sleep 1; import -window "\$wid" png24:"$tmp/s1-old.png"
printf '2024-13-45,day,,huu_nghi,closed,vn,test: a bad date,,,,low,\n' >> "$tmp/data/events.csv"
wait_for "data not reloaded" || echo "no refusal said" >> "$tmp/problems"
sleep 1; import -window "\$wid" png24:"$tmp/s2-bad.png"
kill -0 \$pid 2>/dev/null || echo "the window closed" >> "$tmp/problems"
kill \$pid; wait \$pid 2>/dev/null
exit 0
RUN
timeout 180 xvfb-run -a -n $((200 + RANDOM % 600)) -s "-screen 0 1920x1080x24" bash "$tmp/run.sh" || { echo "FAIL: the run"; fail=1; }
[ -f "$tmp/problems" ] && { echo "FAIL: $(cat "$tmp/problems"); stderr: $(cat "$tmp/err")"; fail=1; }
grep -q "^gatemap: data reloaded (data as of $old_as_of)$" "$tmp/err" ||
  { echo "FAIL: no 'data reloaded (data as of $old_as_of)': $(cat "$tmp/err")"; fail=1; }
grep -q "^gatemap: data not reloaded, the last good data stays: .*events.csv:[0-9]*: .*2024-13-45" "$tmp/err" ||
  { echo "FAIL: the refusal does not name the row: $(cat "$tmp/err")"; fail=1; }
if [ -f "$tmp/s2-bad.png" ]; then
  # The map and panels (all but the status bar, the bottom 40 rows): changed by the reload, not by the refusal.
  above() { convert "$1" -gravity south -chop 0x40 +repage "$2"; }
  above "$tmp/s0-fresh.png" "$tmp/a0.png"; above "$tmp/s1-old.png" "$tmp/a1.png"; above "$tmp/s2-bad.png" "$tmp/a2.png"
  d01=$(compare -metric AE "$tmp/a0.png" "$tmp/a1.png" null: 2>&1)
  d12=$(compare -metric AE "$tmp/a1.png" "$tmp/a2.png" null: 2>&1)
  [ "$d01" -gt 1000 ] 2>/dev/null || { echo "FAIL: the reloaded old data did not change the window ($d01 pixels)"; fail=1; }
  [ "$d12" -lt 200 ] 2>/dev/null || { echo "FAIL: after the bad row the window changed ($d12 pixels): not the last good data"; fail=1; }
  # The status bar's message (text #cc3319, antialiased) says something else after the refusal.
  message() { python3 "$here/count_pixels.py" "$1" cc3319 bottom 0.04 40; }
  m1=$(message "$tmp/s1-old.png") m2=$(message "$tmp/s2-bad.png")
  [ "$m2" -gt 50 ] && [ "$m2" != "$m1" ] || { echo "FAIL: the status bar does not show the refusal ($m1, $m2 pixels)"; fail=1; }
  [ -n "${GATEMAP_KEEP_SHOTS:-}" ] && cp "$tmp"/s*.png "$GATEMAP_KEEP_SHOTS"/
else
  echo "FAIL: no screenshots"; fail=1
fi
[ $fail = 0 ] && echo "ok: the planner's window reloaded its --data folder ($old_as_of) and refused a bad row, keeping the last good data"
exit $fail
