#!/usr/bin/env bash
# An installed gatemap's data folders (app/data/data_folders.hpp, docs/install.md), through the
# tests' hook GATEMAP_SYSTEM_DATA_DIRS (the stand-in for /etc/gatemap/data and
# ~/.local/share/gatemap/data): folders that exist are read on top of the built-in data, in order,
# then an explicit --data; a missing one is skipped; `info` lists what was read; a complete dataset
# replaces what is below it; a build tree reads neither real folder.
set -u
bin=$1
repo=$2
unset DISPLAY WAYLAND_DISPLAY
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
head='date,date_precision,end_date,gate_id,event,initiated_by,note,publisher,source_date,url,confidence'
row() { echo "2030-01-01,day,,huu_nghi,$1,vn,test row,test,2029-12-31,https://example.org/$1,high"; }
mkdir -p "$tmp/etc" "$tmp/home" "$tmp/mine"
{ echo "$head"; row closed; } > "$tmp/etc/etc-events.csv"
{ echo "$head"; row reopened; } > "$tmp/home/home-events.csv"
{ echo "$head"; row restricted; } > "$tmp/mine/mine-events.csv"

# status of huu_nghi on 2030-01-02, the file that set it and the folders read
status() {
  "$@" info --json --date 2030-01-02 2>"$tmp/err" > "$tmp/info.json" || fail "info exited $?: $(cat "$tmp/err")"
  python3 - "$tmp/info.json" "$tmp/" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
g = next(g for g in j["gates"] if g["id"] == "huu_nghi")
folders = [f.replace(sys.argv[2], "") for f in j["data_folders"]]
# set_by.file: the path as given for a folder's rows (here under the test's folder), events.csv for the built-in rows
print(g["status"], ((g["set_by"] or {}).get("file") or "").replace(sys.argv[2], ""), ",".join(folders))
PY
}

# A build tree reads no real data folder, even with one in $HOME.
mkdir -p "$tmp/fakehome/.local/share/gatemap/data"
cp "$tmp/etc/etc-events.csv" "$tmp/fakehome/.local/share/gatemap/data/"
got=$(HOME="$tmp/fakehome" XDG_DATA_HOME= status "$bin")
case "$got" in *etc-events*) fail "build tree read ~/.local/share/gatemap/data: $got" ;; esac
case "$got" in *" events.csv (built-in default)") ;; *) fail "build tree: $got" ;; esac
echo "build tree: $got"

# Both folders (and a missing one between them): later folders win a same-day tie.
export GATEMAP_SYSTEM_DATA_DIRS="$tmp/etc:$tmp/missing:$tmp/home"
got=$(status "$bin")
[ "$got" = "open home/home-events.csv (built-in default),etc,home" ] || fail "stacked: $got"
echo "stacked: $got"

# An empty folder (made ready for later updates) is skipped, not an error for every command.
mkdir -p "$tmp/empty"
got=$(GATEMAP_SYSTEM_DATA_DIRS="$tmp/empty:$tmp/home" status "$bin")
[ "$got" = "open home/home-events.csv (built-in default),home" ] || fail "empty folder: $got"
echo "empty folder skipped: $got"
# A folder holding only an upper-case name (EVENTS.CSV) is read, as --data reads it.
mkdir -p "$tmp/upper"
cp "$tmp/etc/etc-events.csv" "$tmp/upper/EVENTS.CSV"
got=$(GATEMAP_SYSTEM_DATA_DIRS="$tmp/upper" status "$bin")
[ "$got" = "closed upper/EVENTS.CSV (built-in default),upper" ] || fail "upper-case name: $got"
echo "upper-case name read: $got"

# --data comes after them.
got=$(status "$bin" --data "$tmp/mine")
[ "$got" = "restricted mine/mine-events.csv (built-in default),etc,home,mine" ] || fail "with --data: $got"
echo "with --data: $got"

# Only the first: its row sets the status.
got=$(GATEMAP_SYSTEM_DATA_DIRS="$tmp/etc" status "$bin")
[ "$got" = "closed etc/etc-events.csv (built-in default),etc" ] || fail "one folder: $got"
echo "one folder: $got"

# A complete dataset in the second folder replaces the built-in data and the first folder.
cp -r "$repo/data" "$tmp/full"
got=$(GATEMAP_SYSTEM_DATA_DIRS="$tmp/etc:$tmp/full" status "$bin")
case "$got" in *" full") ;; *) fail "complete dataset: $got" ;; esac
echo "complete dataset: $got"

# Every command reads them: export goes through the full program and draws; check checks them.
"$bin" export --out "$tmp/x.png" --width 320 --height 200 --date 2030-01-02 2>"$tmp/err" || fail "export: $(cat "$tmp/err")"
[ -s "$tmp/x.png" ] || fail "export wrote nothing"
"$bin" check > "$tmp/check.txt" 2>&1 || fail "check exited $?: $(tail -3 "$tmp/check.txt")"
n=$(sed -n 's/^checked \([0-9]*\) files.*/\1/p' "$tmp/check.txt")
n0=$(GATEMAP_SYSTEM_DATA_DIRS= "$bin" check | sed -n 's/^checked \([0-9]*\) files.*/\1/p')
[ "$n" -eq $((n0 + 2)) ] || fail "check read $n files, $n0 without the folders"
echo "check: $n files with the two folders, $n0 without"
echo "ok: data folders stacked in order, --data last, info lists them"
