#!/usr/bin/env bash
# `gatemap --data DIR info`: a planner's gates are listed (JSON and text) with their status at
# --date from the planner's events, and set_by.file is the path as given (built-in rows: the file name).
set -u
bin=$1
fixtures=$2/tests/fixtures
unset DISPLAY WAYLAND_DISPLAY
out="${TMPDIR:-/tmp}/gatemap-info-planner-$$"
"$bin" --data "$fixtures/planner" info --json --date 2025-06-01 > "$out.json" || { echo "FAIL: info --json exited $?"; exit 1; }
"$bin" --data "$fixtures/planner" info --date 2025-06-01 > "$out.txt" || { echo "FAIL: info exited $?"; exit 1; }
python3 - "$out.json" "$out.txt" "$fixtures/planner" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read()
d = sys.argv[3]
mine = [g for g in j['gates'] if g['id'] == 'plan_na_hinh']
assert len(mine) == 1, [g['id'] for g in j['gates']]
g = mine[0]
assert g['file'] == d + '/gates.csv', g
assert g['status'] == 'closed', g
assert g['set_by']['file'] == d + '/events.csv' and g['set_by']['line'] == 3, g['set_by']
hn = next(x for x in j['gates'] if x['id'] == 'huu_nghi')
assert hn['set_by']['file'] == 'events.csv', hn['set_by']
assert 'file' not in hn, hn
line = next(l for l in text.splitlines() if l.strip().startswith('plan_na_hinh'))
assert 'closed' in line and d + '/events.csv:3' in line and '(yours: ' + d + '/gates.csv)' in line, line
assert 'Gate pairs (11)' in text, text
print('ok: the planner\'s gate in info, JSON and text:', line.strip())
PY
rc=$?
rm -f "$out.json" "$out.txt"
exit $rc
