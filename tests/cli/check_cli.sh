#!/usr/bin/env bash
# `gatemap check [PATH...]`: the default data passes (no warnings), a broken file gives
# `file:line: problem` and exit code 3, a missing path is `PATH: not found` and exit code 3.
# Usage: check_cli.sh /path/to/gatemap /path/to/repo
set -u
bin=$1
repo=$2
unset DISPLAY WAYLAND_DISPLAY
fx="$repo/tests/fixtures/check"
fail() { echo "FAIL: $*"; exit 1; }

"$bin" --help 2>&1 | grep -qE '^[[:space:]]+check' || fail "gatemap --help does not list the check command"

# 1. No PATH: the embedded default data, named data/NAME; no errors and, since the SEED rows carry
#    the URLs of their articles (issue 18), no warnings either.
out=$("$bin" check 2>&1); rc=$?
[ "$rc" -eq 0 ] || fail "check of the default data exited $rc:"$'\n'"$out"
last=$(printf '%s\n' "$out" | tail -n 1)
[[ "$last" =~ ^checked\ ([0-9]+)\ files:\ 0\ errors,\ ([0-9]+)\ warnings$ ]] || fail "summary: $last"
[ "${BASH_REMATCH[1]}" -ge 17 ] || fail "too few files checked: $last"
[ "${BASH_REMATCH[2]}" -eq 0 ] || fail "the default data's SEED rows have URLs, expected no warnings:"$'\n'"$out"

# 2. The data/ folder by path gives the same verdict.
out=$("$bin" check "$repo/data" 2>&1); rc=$?
[ "$rc" -eq 0 ] || fail "check $repo/data exited $rc:"$'\n'"$out"

# 3. A broken file: its problem at its physical line, exit code 3.
f="$fx/events_multiline_note_before_bad_row.csv"
out=$("$bin" check "$f" 2>&1); rc=$?
[ "$rc" -eq 3 ] || fail "broken file: exit $rc, expected 3"
printf '%s\n' "$out" | grep -qxF "$f:4: date \"2023-02-30\" is not a real calendar date" || fail "broken file output:"$'\n'"$out"
[ "$(printf '%s\n' "$out" | tail -n 1)" = "checked 1 file: 1 error, 0 warnings" ] || fail "summary:"$'\n'"$out"

# 4. A GeoJSON feature out of the map area: file:feature N.
f="$fx/towns_vertex_out_of_range.geojson"
out=$("$bin" check "$f" 2>&1); rc=$?
[ "$rc" -eq 3 ] || fail "GeoJSON: exit $rc, expected 3"
printf '%s\n' "$out" | grep -qE "^$f:feature 3: vertex 1 .* is outside the map area" || fail "GeoJSON output:"$'\n'"$out"

# 5. Warnings alone do not fail.
out=$("$bin" check "$fx/flows_seed_row.csv" 2>&1); rc=$?
[ "$rc" -eq 0 ] || fail "SEED row only: exit $rc, expected 0:"$'\n'"$out"
printf '%s\n' "$out" | grep -qxF "$fx/flows_seed_row.csv:3: warning: unverified: seed article, no URL" || fail "SEED output:"$'\n'"$out"

# 6. A missing path is a problem of the check, not a usage error.
out=$("$bin" check "$fx/no_such_file.csv" 2>&1); rc=$?
[ "$rc" -eq 3 ] || fail "missing path: exit $rc, expected 3"
printf '%s\n' "$out" | grep -qxF "$fx/no_such_file.csv: not found" || fail "missing path output:"$'\n'"$out"

# 7. Several paths: one summary over all of them.
out=$("$bin" check "$fx/good_events.csv" "$fx/whatever.csv" "$fx/planner" 2>&1); rc=$?
[ "$rc" -eq 0 ] || fail "good files: exit $rc:"$'\n'"$out"
[ "$(printf '%s\n' "$out" | tail -n 1)" = "checked 5 files: 0 errors, 0 warnings" ] || fail "good files:"$'\n'"$out"

echo "ok: gatemap check (default data: $last)"
