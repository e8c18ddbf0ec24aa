#!/usr/bin/env bash
# Issue 20 (faults): fonts missing or unreadable. gatemap reads Noto Sans and Noto Sans CJK from
# the system (fixed Debian paths, then fontconfig); the shaders are embedded in the binary, so only
# the fonts can go missing at run time. In a private mount namespace (unshare -m: nothing outside
# this test sees it), the font folders are hidden behind an empty tmpfs, then one font file is
# replaced by bytes that are no font. Each: a message naming the font and what to install, exit 1,
# no file. Skipped (exit 77) where mount namespaces are not allowed (not root, no CAP_SYS_ADMIN).
# Usage: fonts_missing.sh /path/to/gatemap /path/to/repo
set -u
bin=$1
unset DISPLAY WAYLAND_DISPLAY
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! unshare -m --propagation private true 2>/dev/null; then
  echo "skipped: no mount namespace (run as root)"
  exit 77
fi
font=/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf
status=0

# in_namespace SETUP: runs SETUP then an export, in a private mount namespace.
in_namespace() {
  unshare -m --propagation private bash -c "$1 && exec \"\$0\" export --out \"\$1\" --width 320 --height 180" \
    "$bin" "$tmp/out.png" >"$tmp/err" 2>&1
}
check() {
  local name=$1 rc=$2 want=$3
  if [ "$rc" != 1 ]; then
    echo "FAIL: $name: exit $rc, expected 1: $(cat "$tmp/err")"; status=1
  elif ! grep -qF -- "$want" "$tmp/err"; then
    echo "FAIL: $name: no \"$want\" in: $(cat "$tmp/err")"; status=1
  elif [ -n "$(ls -A "$tmp" | grep -v '^err$\|^junk.ttf$')" ]; then
    echo "FAIL: $name: left a file: $(ls -A "$tmp")"; status=1
  else
    echo "ok: $name: $(grep -F -- "$want" "$tmp/err" | head -n1)"
  fi
}

# Every font folder hidden: neither the fixed paths nor fontconfig find Noto Sans.
in_namespace "mount -t tmpfs none /usr/share/fonts && { [ ! -d /usr/local/share/fonts ] || mount -t tmpfs none /usr/local/share/fonts; }"
check "no fonts" $? "font not found: Noto Sans Regular (looked in $font and asked fontconfig); install the Debian package fonts-noto-core"

# One font replaced by bytes that are no font.
head -c 4096 /dev/urandom >"$tmp/junk.ttf"
if [ -e "$font" ]; then
  in_namespace "mount --bind \"$tmp/junk.ttf\" $font"
  check "an unreadable font" $? "$font"
else
  echo "skipped: $font is not installed here"
fi
exit $status
