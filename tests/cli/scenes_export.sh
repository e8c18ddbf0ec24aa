#!/usr/bin/env bash
# gatemap export --scenes: a PNG per scene named NN-slug.png, in one process; an existing frame
# without --force refuses the whole set before anything is written; the presentation as a video
# has every second of every scene (transitions included).
set -u
bin=$1
repo=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
scenes=$repo/data/scenes/frontier-story.json
"$bin" export --scenes "$scenes" --out-dir "$tmp/set" --width 640 --height 360 2>"$tmp/err" ||
  { echo "FAIL: export --scenes: $(cat "$tmp/err")"; fail=1; }
want="01-the-lang-son-guangxi-frontier-today.png 02-covid-19-the-gates-close.png 03-reopening-2022.png 04-the-huu-nghi-cluster.png 05-chi-ma-ai-diem.png 06-seven-years-of-every-gate.png"
got=$(cd "$tmp/set" 2>/dev/null && ls | tr '\n' ' ' | sed 's/ $//')
[ "$got" = "$want" ] || { echo "FAIL: files: '$got'"; fail=1; }
for f in $want; do
  [ "$(head -c 8 "$tmp/set/$f" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || { echo "FAIL: $f is no PNG"; fail=1; }
done
# A range scene shows its last date (the PNG's gatemap:date).
grep -aq "2022-09-26" "$tmp/set/03-reopening-2022.png" || { echo "FAIL: the range scene is not at its last date"; fail=1; }
# A "view": "strip" scene is the frontier strip (its PNG says so), a map scene is not (issue 19).
grep -aq "gatemap:view" "$tmp/set/06-seven-years-of-every-gate.png" || { echo "FAIL: the strip scene is no strip"; fail=1; }
grep -aq "gatemap:view" "$tmp/set/05-chi-ma-ai-diem.png" && { echo "FAIL: a map scene says it is a strip"; fail=1; }
mkdir "$tmp/some" && touch "$tmp/some/03-reopening-2022.png"
"$bin" export --scenes "$scenes" --out-dir "$tmp/some" --width 320 --height 180 2>"$tmp/err"; rc=$?
[ $rc != 0 ] && [ "$(ls "$tmp/some")" = 03-reopening-2022.png ] ||
  { echo "FAIL: an existing frame: exit $rc, left $(ls "$tmp/some")"; fail=1; }
"$bin" export --scenes "$scenes" --out "$tmp/x.png" 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "writes a picture per scene into --out-dir" "$tmp/err" || { echo "FAIL: --out x.png: exit $rc"; fail=1; }
"$bin" export --scenes "$scenes" --out-dir "$tmp/d" --date 2020-01-01 2>"$tmp/err"; rc=$?
[ $rc = 2 ] || { echo "FAIL: --scenes with --date: exit $rc"; fail=1; }
printf '[{"zoom": 3}]' > "$tmp/bad.json"
"$bin" export --scenes "$tmp/bad.json" --out-dir "$tmp/d" 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "bad.json: scene 1: centre needs zoom" "$tmp/err" || { echo "FAIL: bad scenes: exit $rc"; fail=1; }
if command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null; then
  printf '[{"title": "a", "seconds": 2, "date": "2020-02-08"}, {"title": "b", "seconds": 3, "bbox": "106.62,21.92,106.78,22.04", "transition_seconds": 1}]' > "$tmp/two.json"
  "$bin" export --scenes "$tmp/two.json" --out "$tmp/talk.mp4" --width 320 --height 180 --fps 4 2>"$tmp/err" ||
    { echo "FAIL: video: $(cat "$tmp/err")"; fail=1; }
  n=$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$tmp/talk.mp4")
  [ "$n" = 20 ] || { echo "FAIL: the video has $n frames, not (2 + 3) s × 4"; fail=1; }
fi
[ $fail = 0 ] && echo "ok: scenes exported as pictures and as a video"
exit $fail
