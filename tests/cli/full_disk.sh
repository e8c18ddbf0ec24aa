#!/usr/bin/env bash
# Issue 20 (faults): an export onto a full disk, through the command line. In a private mount
# namespace (unshare -m: nothing outside this test sees it) a 64 KiB tmpfs is the output folder;
# a PNG, a GeoTIFF and a frame set each fill it. Each: a message naming the file and "No space
# left on device", exit 1, and nothing left in the folder (no partial file, no temporary). Skipped
# (exit 77) where mount namespaces are not allowed (not root, no CAP_SYS_ADMIN).
# Usage: full_disk.sh /path/to/gatemap /path/to/repo
set -u
bin=$1
unset DISPLAY WAYLAND_DISPLAY
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! unshare -m --propagation private true 2>/dev/null; then
  echo "skipped: no mount namespace (run as root)"
  exit 77
fi
mkdir "$tmp/disk"
status=0

# export_full NAME OUTPUT-OPTIONS...: the export runs with $tmp/disk a full 64 KiB tmpfs; the
# folder's listing afterwards is written to $tmp/left.
export_full() {
  local name=$1
  shift
  unshare -m --propagation private bash -c '
    disk=$1 bin=$2 left=$3
    shift 3
    mount -t tmpfs -o size=64k none "$disk" || exit 99
    "$bin" export --width 1600 --height 1000 "$@"
    rc=$?
    ls -A "$disk" >"$left"
    exit $rc' bash "$tmp/disk" "$bin" "$tmp/left" "$@" >"$tmp/err" 2>&1
  local rc=$?
  if [ "$rc" = 99 ]; then
    echo "skipped: cannot mount a tmpfs"; exit 77
  elif [ "$rc" != 1 ]; then
    echo "FAIL: $name: exit $rc, expected 1: $(cat "$tmp/err")"; status=1
  elif ! grep -q "No space left on device" "$tmp/err" || ! grep -qF "$tmp/disk/" "$tmp/err"; then
    echo "FAIL: $name: unclear message: $(cat "$tmp/err")"; status=1
  elif [ -s "$tmp/left" ]; then
    echo "FAIL: $name: left in the folder: $(cat "$tmp/left")"; status=1
  else
    echo "ok: $name: $(grep "No space left" "$tmp/err" | head -n1)"
  fi
}

export_full "PNG" --out "$tmp/disk/map.png"
export_full "GeoTIFF" --out "$tmp/disk/map.tif"
export_full "frame set" --out-dir "$tmp/disk/frames" --from 2020-01-01 --to 2020-03-01 --step month
exit $status
