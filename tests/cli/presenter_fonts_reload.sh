#!/usr/bin/env bash
# The presenter view's fonts follow a reloaded scenes file (issue 14): under Xvfb, a scenes file
# rewritten while gatemap present plays it, with a title in Chinese characters that no gate's name
# and no earlier scene uses (猫狗虎兔), has the presenter view build its fonts again. Seen in the
# view's pixels: the same four characters in another order (兔虎狗猫), reloaded next, draw another
# title; without the glyphs both would be four '?' and look the same. Each reload changes the
# number of scenes, so the view's title bar ("Scene 1 of 3") says when it has been read. Each
# rebuild gives back the font files' previous mappings: the process maps the CJK collection as
# many times after the reloads (the first has the fonts built again) as before them (/proc/PID/maps).
set -u
bin=$1
repo=$2
for tool in xvfb-run xdotool import compare convert; do
  command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 0; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
export XDG_CONFIG_HOME="$tmp/config"
# Writes N scenes, the first titled TITLE, whole and then moved into place: scenes.py TITLE N
cat > "$tmp/scenes.py" <<'PY'
import json, os, sys
path, title, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = [{"title": title, "date": "2024-04-30", "seconds": 600, "transition_seconds": 0}]
s += [{"title": "Scene %d" % (i + 2), "date": "2022-09-26", "seconds": 600} for i in range(n - 1)]
with open(path + ".new", "w") as f:
    json.dump(s, f, ensure_ascii=False)
os.replace(path + ".new", path)
PY
scenes() { python3 "$tmp/scenes.py" "$tmp/talk.json" "$1" "$2"; }
scenes "The frontier today" 2
cat > "$tmp/run.sh" <<RUN
cjk=\$(fc-match -f '%{file}' 'Noto Sans CJK SC')
log() { echo "\$*" >> "$tmp/log"; }
find_window() {
  for _ in \$(seq 120); do
    id=\$(xdotool search --onlyvisible --name "\$1" 2>/dev/null | head -1)
    [ -n "\$id" ] && { echo "\$id"; return 0; }
    sleep 0.5
  done
  return 1
}
title_is() {
  for _ in \$(seq 60); do
    xdotool getwindowname "\$presenter" 2>/dev/null | grep -q "\$1" && return 0
    sleep 0.25
  done
  log "presenter title: '\$(xdotool getwindowname "\$presenter" 2>&1)', wanted '\$1'"
  return 1
}
GATEMAP_NOW=2026-12-07 "$bin" present --windowed --presenter-window --scenes "$tmp/talk.json" \
  --screen-diagonal 24 --viewing-distance 1 2>"$tmp/err" &
pid=\$!
presenter=\$(find_window '^gatemap presenter') || { log "no presenter window"; kill \$pid; exit 1; }
title_is 'Scene 1 of 2' || log "no scene 1 of 2"
grep -c "\$(basename "\$cjk")\$" /proc/\$pid/maps > "$tmp/maps-before"
python3 "$tmp/scenes.py" "$tmp/talk.json" "猫狗虎兔 2024" 3
title_is 'Scene 1 of 3' || log "the first reload was not read"
sleep 2; import -window "\$presenter" "$tmp/a.png"
python3 "$tmp/scenes.py" "$tmp/talk.json" "兔虎狗猫 2024" 4
title_is 'Scene 1 of 4' || log "the second reload was not read"
sleep 2; import -window "\$presenter" "$tmp/b.png"
grep -c "\$(basename "\$cjk")\$" /proc/\$pid/maps > "$tmp/maps-after"
xdotool key --window "\$presenter" --delay 0 ctrl+q
wait \$pid; echo \$? > "$tmp/rc"
RUN
timeout 180 xvfb-run -a -n $((200 + RANDOM % 600)) -s "-screen 0 1920x1080x24" bash "$tmp/run.sh" || { echo "FAIL: the run"; fail=1; }
before=$(cat "$tmp/maps-before" 2>/dev/null) after=$(cat "$tmp/maps-after" 2>/dev/null)
echo "mappings of the CJK font: $before before the reloads, $after after"
[ -n "$before" ] && [ "$before" -gt 0 ] && [ "$after" = "$before" ] ||
  { echo "FAIL: the rebuilds kept the font files' old mappings ($before before, $after after)"; fail=1; }
[ -f "$tmp/log" ] && { sed 's/^/FAIL: /' "$tmp/log"; fail=1; }
if [ -f "$tmp/a.png" ] && [ -f "$tmp/b.png" ]; then
  # The NOW title: the text column's first lines under the header (the pictures are on the right).
  w=$(identify -format '%w' "$tmp/a.png")
  for f in a b; do convert "$tmp/$f.png" -crop "$((w / 2))x60+0+85" +repage "$tmp/$f-title.png"; done
  d=$(compare -metric AE -fuzz 10% "$tmp/a-title.png" "$tmp/b-title.png" null: 2>&1)
  echo "title pixels that differ between 猫狗虎兔 and 兔虎狗猫: $d"
  [ "$d" -gt 200 ] 2>/dev/null || { echo "FAIL: the reloaded Chinese title drew no glyphs of its own ($d pixels differ)"; fail=1; }
  [ -n "${GATEMAP_KEEP_SHOTS:-}" ] && cp "$tmp"/*.png "$GATEMAP_KEEP_SHOTS"/
else
  echo "FAIL: no screenshots"; fail=1
fi
[ $fail = 0 ] && echo "ok: the presenter view's fonts were built again for the reloaded scenes' characters"
exit $fail
