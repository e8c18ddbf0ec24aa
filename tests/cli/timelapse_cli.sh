#!/usr/bin/env bash
# Time-lapse exports: a frame sequence named by date and a video with the expected frame count
# (both ends of the range included), GeoTIFF georeferencing at a gate, and refusals.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DISPLAY WAYLAND_DISPLAY
fail=0
# 2020-01-01 by week: Jan 1, 8, 15, 22, 29, Feb 5, 12, 19, 26, then Mar 1 (the last day) = 10 frames.
"$bin" export --out-dir "$tmp/seq" --width 320 --height 200 --from 2020-01-01 --to 2020-03-01 --step week 2>"$tmp/err" \
  || { echo "FAIL: sequence export: $(cat "$tmp/err")"; fail=1; }
n=$(ls "$tmp/seq" | grep -c '^20[0-9-]*\.png$')
[ "$n" = 10 ] || { echo "FAIL: expected 10 frames, found $n: $(ls "$tmp/seq")"; fail=1; }
[ -f "$tmp/seq/2020-03-01.png" ] && [ -f "$tmp/seq/2020-01-01.png" ] || { echo "FAIL: both ends must be included"; fail=1; }
cmp -s "$tmp/seq/2020-01-01.png" "$tmp/seq/2020-03-01.png" && { echo "FAIL: frames of different dates are identical"; fail=1; }

if command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null; then
  "$bin" export --out "$tmp/v.mp4" --width 320 --height 200 --from 2020-01-01 --to 2020-03-01 --step week --fps 5 2>"$tmp/err" \
    || { echo "FAIL: video export: $(cat "$tmp/err")"; fail=1; }
  frames=$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$tmp/v.mp4")
  [ "$frames" = 10 ] || { echo "FAIL: the video has $frames frames, expected 10"; fail=1; }
  "$bin" export --out "$tmp/v.webm" --width 321 --height 201 --from 2020-01-01 --to 2020-01-03 --step day --fps 2 2>"$tmp/err" \
    || { echo "FAIL: webm export (odd size): $(cat "$tmp/err")"; fail=1; }
  frames=$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$tmp/v.webm")
  [ "$frames" = 3 ] || { echo "FAIL: the webm has $frames frames, expected 3"; fail=1; }
else
  echo "SKIP: ffmpeg/ffprobe not installed: video checks skipped"
  PATH=/nonexistent "$bin" export --out "$tmp/v.mp4" --width 320 --height 200 --from 2020-01-01 --to 2020-01-08 2>"$tmp/err"
fi
# A missing ffmpeg gives a clear message (PATH without it).
PATH=/nonexistent "$bin" export --out "$tmp/w.mp4" --width 320 --height 200 --from 2020-01-01 --to 2020-01-08 2>"$tmp/err"; rc=$?
[ $rc != 0 ] && grep -qi "ffmpeg" "$tmp/err" || { echo "FAIL: missing ffmpeg: exit $rc, $(cat "$tmp/err")"; fail=1; }
[ -e "$tmp/w.mp4" ] && { echo "FAIL: a failed video left a file"; fail=1; }

"$bin" export --out "$tmp/x.mp4" --width 320 --height 200 --date 2020-01-01 2>/dev/null; rc=$?
[ $rc = 2 ] || { echo "FAIL: a video without --from/--to must be a usage error, got $rc"; fail=1; }
"$bin" export --out "$tmp/x.png" --width 320 --height 200 --date 2020-13-01 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "2020-13-01" "$tmp/err" || { echo "FAIL: bad --date: exit $rc"; fail=1; }
"$bin" export --out-dir "$tmp/seq2" --width 320 --height 200 --from 2020-03-01 --to 2020-01-01 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "before" "$tmp/err" || { echo "FAIL: reversed range: exit $rc"; fail=1; }
[ $fail = 0 ] && echo "ok: sequences, videos and their frame counts, refusals"
exit $fail
