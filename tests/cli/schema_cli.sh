#!/usr/bin/env bash
# One schema (issue 13): what `gatemap check` rejects, `info` and `export` skip, saying the same
# `file:line: problem` as a warning on stderr (exit codes unchanged); what check refuses as a whole
# file, `info` refuses too.
# Usage: schema_cli.sh /path/to/gatemap /path/to/repo
set -u
bin=$1
repo=$2
unset DISPLAY WAYLAND_DISPLAY
fx="$repo/tests/fixtures/schema"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# 1. A planner's events row with no source URL (not a SEED row) that would close Chi Ma.
dir="$fx/no_url"
msg="$dir/events.csv:2: empty url: only rows marked SEED (figures of the seed articles) may have no URL"
out=$("$bin" check "$dir" 2>&1); rc=$?
[ "$rc" -eq 3 ] || fail "check of the no-URL row: exit $rc, expected 3:"$'\n'"$out"
printf '%s\n' "$out" | grep -qxF "$msg" || fail "check output:"$'\n'"$out"
"$bin" --data "$dir" info --json --date 2025-06-02 >"$tmp/info.json" 2>"$tmp/err"; rc=$?
[ "$rc" -eq 0 ] || fail "info with the no-URL row: exit $rc: $(cat "$tmp/err")"
grep -qxF "warning: $msg" "$tmp/err" || fail "info does not report the skipped row as check does: $(cat "$tmp/err")"
python3 - "$tmp/info.json" <<'PY' || fail "info still shows the skipped row"
import json, sys
j = json.load(open(sys.argv[1]))
g = next(g for g in j['gates'] if g['id'] == 'chi_ma')
assert g['status'] != 'closed', g
assert g['set_by'] is None or g['set_by']['date'] != '2025-06-01', g
PY
"$bin" --data "$dir" export --out "$tmp/a.png" --width 64 --height 36 --date 2025-06-02 2>"$tmp/err"; rc=$?
[ "$rc" -eq 0 ] || fail "export with the no-URL row: exit $rc: $(cat "$tmp/err")"
grep -qxF "warning: $msg" "$tmp/err" || fail "export does not report the skipped row: $(cat "$tmp/err")"

# 2. A planner's gate reusing a built-in id: an error of check, a skipped row for info.
dir="$fx/builtin_id"
msg="$dir/gates.csv:2: id huu_nghi_vn is already used by the built-in data"
out=$("$bin" check "$dir" 2>&1); rc=$?
[ "$rc" -eq 3 ] || fail "check of the reused id: exit $rc, expected 3:"$'\n'"$out"
printf '%s\n' "$out" | grep -qxF "$msg" || fail "check output:"$'\n'"$out"
"$bin" --data "$dir" info >/dev/null 2>"$tmp/err"; rc=$?
[ "$rc" -eq 0 ] || fail "info with the reused id: exit $rc: $(cat "$tmp/err")"
grep -qxF "warning: $msg" "$tmp/err" || fail "info does not report the reused id: $(cat "$tmp/err")"

# 3. A one-point frontier: refused by both, in the same words.
dir="$fx/one_point_frontier"
msg="$dir/frontier.geojson:feature 1: the frontier must be a single LineString of at least 2 points"
out=$("$bin" check "$dir" 2>&1); rc=$?
[ "$rc" -eq 3 ] || fail "check of the one-point frontier: exit $rc, expected 3:"$'\n'"$out"
printf '%s\n' "$out" | grep -qxF "$msg" || fail "check output:"$'\n'"$out"
"$bin" --data "$dir" info >/dev/null 2>"$tmp/err"; rc=$?
[ "$rc" -eq 1 ] || fail "info of the one-point frontier: exit $rc, expected 1: $(cat "$tmp/err")"
grep -qxF "gatemap info: $msg" "$tmp/err" || fail "info's message: $(cat "$tmp/err")"

echo "ok: check, info and export agree on the rows they reject"
