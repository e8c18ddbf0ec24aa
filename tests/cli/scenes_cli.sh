#!/usr/bin/env bash
# Wall-display playlists: a bad scenes file is refused with the file, the scene and the problem;
# the example playlist of the docs plays under Xvfb.
set -u
bin=$1
repo=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
printf '[{"bbox": "107.6,22.6,106.3,21.4"}]' > "$tmp/bad.json"
env -u DISPLAY "$bin" run --scenes "$tmp/bad.json" 2>"$tmp/err"; rc=$?
[ $rc = 2 ] || { echo "FAIL: bad scenes file: exit $rc"; fail=1; }
grep -q "bad.json: scene 1: bbox" "$tmp/err" || { echo "FAIL: message: $(cat "$tmp/err")"; fail=1; }
printf '[{"date": "2023-02-30"}]' > "$tmp/bad2.json"
env -u DISPLAY "$bin" run --scenes "$tmp/bad2.json" 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "scene 1: date '2023-02-30' is not a real date" "$tmp/err" || { echo "FAIL: bad date: exit $rc, $(cat "$tmp/err")"; fail=1; }
printf 'not json' > "$tmp/bad3.json"
env -u DISPLAY "$bin" run --scenes "$tmp/bad3.json" 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "not valid JSON" "$tmp/err" || { echo "FAIL: not JSON: exit $rc, $(cat "$tmp/err")"; fail=1; }
# Found by fuzzing (tests/fuzz/regressions/scenes/): a number JSON cannot hold and a title that is no
# string were exceptions of the JSON library, said without the file's name.
printf '[{"seconds": 1e400}]' > "$tmp/bad4.json"
env -u DISPLAY "$bin" run --scenes "$tmp/bad4.json" 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "bad4.json: not valid JSON" "$tmp/err" || { echo "FAIL: number overflow: exit $rc, $(cat "$tmp/err")"; fail=1; }
printf '[{"title": null}]' > "$tmp/bad5.json"
env -u DISPLAY "$bin" run --scenes "$tmp/bad5.json" 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "bad5.json: scene 1: title must be a string" "$tmp/err" || { echo "FAIL: title null: exit $rc, $(cat "$tmp/err")"; fail=1; }
if command -v xvfb-run >/dev/null; then
  XDG_CONFIG_HOME="$tmp/cfg" timeout 120 xvfb-run -a -s "-screen 0 1280x720x24" "$bin" run --scenes "$repo/docs/examples/wall-scenes.json" \
    --hide-ui --frames 30 || { echo "FAIL: the example playlist did not play"; fail=1; }
fi
[ $fail = 0 ] && echo "ok: scenes files validated; the example playlist plays"
exit $fail
