#!/usr/bin/env bash
# `gatemap export --view strip` (issue 19): the frontier strip as a PNG, from the lean executable
# and from the full program (--data), its time axis from --from/--to, and the refusals.
set -u
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DISPLAY WAYLAND_DISPLAY
fail=0

"$bin" export --view strip --out "$tmp/s.png" --width 960 --height 540 2>"$tmp/err" \
  || { echo "FAIL: strip export: $(cat "$tmp/err")"; fail=1; }
head -c 8 "$tmp/s.png" | od -An -c | grep -q 'P   N   G' || { echo "FAIL: the strip is not a PNG"; fail=1; }
grep -aq 'gatemap:view' "$tmp/s.png" || { echo "FAIL: the strip's metadata does not say its view"; fail=1; }
# The full program (a --data folder) draws the same strip.
"$bin" --data "$src/data" export --view strip --out "$tmp/full.png" --width 960 --height 540 2>"$tmp/err" \
  || { echo "FAIL: strip export with --data: $(cat "$tmp/err")"; fail=1; }
[ -s "$tmp/full.png" ] || { echo "FAIL: no strip from the full program"; fail=1; }
# --from/--to set the time axis: another picture.
"$bin" export --view strip --out "$tmp/2020.png" --width 960 --height 540 --from 2020-01-01 --to 2020-12-31 2>"$tmp/err" \
  || { echo "FAIL: strip with --from/--to: $(cat "$tmp/err")"; fail=1; }
cmp -s "$tmp/s.png" "$tmp/2020.png" && { echo "FAIL: --from/--to did not change the strip"; fail=1; }
# --view map is the map, as without --view.
"$bin" export --out "$tmp/m1.png" --width 320 --height 200 --date 2020-03-01 2>/dev/null
"$bin" export --view map --out "$tmp/m2.png" --width 320 --height 200 --date 2020-03-01 2>/dev/null
cmp -s "$tmp/m1.png" "$tmp/m2.png" || { echo "FAIL: --view map differs from the default map"; fail=1; }
cmp -s "$tmp/m1.png" "$tmp/s.png" && { echo "FAIL: the strip is the map"; fail=1; }

expect_usage() {  # message-pattern, args…
  local pat=$1
  shift
  "$bin" export "$@" 2>"$tmp/err"
  local rc=$?
  [ $rc = 2 ] && grep -q -- "$pat" "$tmp/err" || { echo "FAIL: $* → exit $rc, '$(cat "$tmp/err")' (expected 2, /$pat/)"; fail=1; }
}
expect_usage "not one of map, strip" --view plan --out "$tmp/x.png"
expect_usage "one PNG" --view strip --out "$tmp/x.tif"
expect_usage "one PNG" --view strip --out "$tmp/x.mp4" --from 2020-01-01 --to 2020-02-01
expect_usage "not --date" --view strip --out "$tmp/x.png" --date 2020-01-01
expect_usage "before --from" --view strip --out "$tmp/x.png" --from 2021-01-01 --to 2020-01-01
[ -e "$tmp/x.png" ] && { echo "FAIL: a refused export left a file"; fail=1; }
exit $fail
