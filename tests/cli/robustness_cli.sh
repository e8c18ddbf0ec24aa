#!/usr/bin/env bash
# Issue 20 (robustness): odd folders and hostile bytes in the data.
#   1. a symlink loop in a --data folder is a one-line message (or a skipped entry), never an abort;
#   2. `check` of a folder it cannot read, of a folder with no data file, or of a directory named
#      like a data file is an error (exit 3), never "0 errors";
#   3. control characters of the data are shown escaped (\x1b), never sent raw to the terminal.
# Usage: robustness_cli.sh /path/to/gatemap /path/to/repo
set -u
bin=$1
repo=$2
unset DISPLAY WAYLAND_DISPLAY
fx="$repo/tests/fixtures/check"
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
chmod 755 "$tmp"

# ---- 1. Symlink loops in a --data folder ----------------------------------------------------
for cmd in info export; do
  d="$tmp/loop_$cmd"
  mkdir "$d"
  cp "$fx/good_events.csv" "$d/events.csv"
  ln -s loop "$d/loop"
  ln -s loop.csv "$d/loop.csv"  # a loop with a data file's name
  ln -s . "$d/self"
  if [ "$cmd" = info ]; then
    out=$("$bin" --data "$d" info 2>&1); rc=$?
  else
    out=$("$bin" --data "$d" export --out "$tmp/out_$cmd.png" --width 160 --height 100 2>&1); rc=$?
  fi
  [ "$rc" -ne 134 ] && [ "$rc" -lt 128 ] || fail "$cmd on a folder with a symlink loop aborted (exit $rc):"$'\n'"$out"
  printf '%s\n' "$out" | grep -q "terminate called\|filesystem_error" && fail "$cmd: uncaught exception:"$'\n'"$out"
  # The loop named like a data file is named, with its problem, on one line.
  printf '%s\n' "$out" | grep -qE "$d/loop\.csv: .*(symbolic links|loop)" || fail "$cmd: the loop is not named:"$'\n'"$out"
done
# A folder holding nothing but loops: a data failure (exit 1) with one line, no abort.
d="$tmp/only_loop"
mkdir "$d"
ln -s loop "$d/loop"
ln -s . "$d/self"
out=$("$bin" --data "$d" info 2>&1); rc=$?
[ "$rc" -eq 1 ] || fail "info on a folder holding only loops: exit $rc, expected 1:"$'\n'"$out"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "info on a folder holding only loops: expected one line:"$'\n'"$out"
ln -s loop.csv "$d/loop.csv"
# --data naming the loop itself: not a folder (a usage error, as for any path that is no folder).
out=$("$bin" --data "$d/loop.csv" info 2>&1); rc=$?
[ "$rc" -eq 2 ] || fail "info --data LOOP: exit $rc, expected 2:"$'\n'"$out"

# ---- 2. check never says "0 errors" when it read nothing ------------------------------------
expect_check_error() {  # PATH EXPECTED-LINE [RUNNER...]
  local path=$1 line=$2
  shift 2
  out=$("$@" "$bin" check "$path" 2>&1); rc=$?
  [ "$rc" -eq 3 ] || fail "check $path: exit $rc, expected 3:"$'\n'"$out"
  printf '%s\n' "$out" | grep -qxF -- "$line" || fail "check $path: expected the line '$line':"$'\n'"$out"
  printf '%s\n' "$out" | grep -q ' 0 errors' && fail "check $path says 0 errors:"$'\n'"$out"
  return 0
}
mkdir "$tmp/empty"
expect_check_error "$tmp/empty" "$tmp/empty: no data file found (expected *.csv, *.geojson, *.json, *.gpkg)"
mkdir "$tmp/no_data"
echo hello > "$tmp/no_data/readme.txt"
expect_check_error "$tmp/no_data" "$tmp/no_data: no data file found (expected *.csv, *.geojson, *.json, *.gpkg)"
mkdir -p "$tmp/dir_named/events.csv"
# Named directly, it is a folder (that holds no data file).
expect_check_error "$tmp/dir_named/events.csv" \
  "$tmp/dir_named/events.csv: no data file found (expected *.csv, *.geojson, *.json, *.gpkg)"
expect_check_error "$tmp/dir_named" "$tmp/dir_named/events.csv: is a directory, not a file"
expect_check_error "$tmp/no_such_folder" "$tmp/no_such_folder: not found"
ln -s loop.csv "$tmp/loop.csv"
out=$("$bin" check "$tmp/loop.csv" 2>&1); rc=$?
[ "$rc" -eq 3 ] || fail "check of a symlink loop: exit $rc, expected 3:"$'\n'"$out"
# An unreadable folder (root reads anything: run check as nobody where possible).
mkdir "$tmp/unreadable"
cp "$fx/good_events.csv" "$tmp/unreadable/events.csv"
chmod 000 "$tmp/unreadable"
runner=()
if [ "$(id -u)" -eq 0 ]; then
  if command -v setpriv > /dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2> /dev/null &&
    setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$bin"; then
    runner=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  else
    runner=(skip)
  fi
fi
if [ "${runner[0]:-}" != skip ]; then
  out=$("${runner[@]}" "$bin" check "$tmp/unreadable" 2>&1); rc=$?
  [ "$rc" -eq 3 ] || fail "check of an unreadable folder: exit $rc, expected 3:"$'\n'"$out"
  printf '%s\n' "$out" | grep -qE "^$tmp/unreadable: cannot read the folder" || fail "unreadable folder:"$'\n'"$out"
else
  echo "note: running as root without setpriv: the unreadable-folder case is not tested"
fi
chmod 755 "$tmp/unreadable"

# ---- 3. Control characters are escaped -------------------------------------------------------
esc=$'\e'
bel=$'\a'
hostile="${esc}]0;pwned${bel}${esc}[2J"
f="$tmp/events_hostile.csv"
{
  head -n 1 "$fx/good_events.csv"
  echo "2023-02-30,day,,coc_nam,closed,cn,note,pub,undated,https://example.org/a,high"
  echo "2023-01-05,day,,coc_nam,${hostile}closed,cn,note,pub,undated,https://example.org/b,high"
} > "$f"
out=$("$bin" check "$f" 2>&1); rc=$?
[ "$rc" -eq 3 ] || fail "hostile CSV: exit $rc, expected 3:"$'\n'"$out"
printf '%s' "$out" | grep -q "$esc" && fail "check echoes a raw ESC byte:"$'\n'"$(printf '%s' "$out" | od -c | head)"
printf '%s' "$out" | grep -q "$bel" && fail "check echoes a raw BEL byte"
printf '%s\n' "$out" | grep -qF '\x1b]0;pwned\x07\x1b[2J' || fail "check: no escaped text:"$'\n'"$out"
cp "$f" "$tmp/hostile_rows.csv"
# A 200 kB cell is not echoed whole (the row is over the row limit: refused, with a short message).
long=$(head -c 200000 /dev/zero | tr '\0' 'a')
echo "2023-01-06,day,,coc_nam,$long,cn,note,pub,undated,https://example.org/c,high" >> "$f"
out=$("$bin" check "$f" 2>&1)
longest=$(printf '%s\n' "$out" | awk '{ if (length($0) > m) m = length($0) } END { print m }')
[ "$longest" -lt 1000 ] || fail "check echoes a ${longest}-byte line"
# info and export print the loaders' warnings: escaped too.
d="$tmp/hostile"
mkdir "$d"
cp "$tmp/hostile_rows.csv" "$d/events.csv"
out=$("$bin" --data "$d" info 2>&1)
printf '%s\n' "$out" | grep -q "pwned" || fail "info does not warn about the hostile row:"$'\n'"$out"
printf '%s' "$out" | grep -q "$esc" && fail "info echoes a raw ESC byte"
out=$("$bin" --data "$d" export --out "$tmp/hostile.png" --width 160 --height 100 2>&1)
printf '%s\n' "$out" | grep -q "pwned" || fail "export does not warn about the hostile row:"$'\n'"$out"
printf '%s' "$out" | grep -q "$esc" && fail "export echoes a raw ESC byte"

echo "ok: symlink loops, unreadable folders and control characters"
